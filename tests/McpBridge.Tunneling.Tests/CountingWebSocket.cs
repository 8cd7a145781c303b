using System.Net.WebSockets;

namespace McpBridge.Tunneling.Tests;

/// <summary>A WebSocket that counts the whole messages it receives, to see how many frames shared one.</summary>
internal sealed class CountingWebSocket(WebSocket inner) : WebSocket
{
    private int _messagesReceived;

    public int MessagesReceived => Volatile.Read(ref _messagesReceived);

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        Count(await inner.ReceiveAsync(buffer, cancellationToken));

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken);
        // The tunnel peeks with an empty buffer first: that is not a message yet.
        if (result.EndOfMessage && !buffer.IsEmpty && result.MessageType == WebSocketMessageType.Binary)
        {
            Interlocked.Increment(ref _messagesReceived);
        }

        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    private WebSocketReceiveResult Count(WebSocketReceiveResult result)
    {
        if (result.EndOfMessage && result.MessageType == WebSocketMessageType.Binary)
        {
            Interlocked.Increment(ref _messagesReceived);
        }

        return result;
    }
}
