using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>
/// The server side of a client that never sends anything, for an <c>McpServer</c> a test hands to a composite as a
/// session: it records what the server sends, or (when <paramref name="stall"/>) takes nothing, as a client that
/// stopped reading its stream would.
/// </summary>
internal sealed class StubTransport(bool stall = false) : ITransport
{
    private readonly Channel<JsonRpcMessage> _incoming = Channel.CreateUnbounded<JsonRpcMessage>();
    private readonly Channel<JsonRpcMessage> _sent = Channel.CreateUnbounded<JsonRpcMessage>();

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _incoming.Reader;

    public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (stall)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        _sent.Writer.TryWrite(message);
    }

    /// <summary>The methods of the next <paramref name="count"/> notifications sent.</summary>
    public async Task<string[]> ReadNotificationsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var methods = new List<string>();
        while (methods.Count < count)
        {
            if (await _sent.Reader.ReadAsync(cancel.Token) is JsonRpcNotification notification)
            {
                methods.Add(notification.Method);
            }
        }

        return [.. methods];
    }

    public ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
