using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>
/// The server side of one response stream that writes the way Kestrel's HTTP/1.1 response body does: a write whose
/// token is cancelled while it is under way aborts the connection, so nothing written after it reaches the client.
/// The first notification with <paramref name="holdMethod"/> is held mid-write until <see cref="Release"/>, as a
/// server thread descheduled between a write and its flush would be, so a test can cancel at exactly that point.
/// </summary>
internal sealed class HeldSendTransport(string holdMethod) : ITransport
{
    private readonly Channel<JsonRpcMessage> _incoming = Channel.CreateUnbounded<JsonRpcMessage>();
    private readonly Channel<JsonRpcMessage> _received = Channel.CreateUnbounded<JsonRpcMessage>();
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;
    private volatile bool _aborted;

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _incoming.Reader;

    /// <summary>Completes when the held write is under way.</summary>
    public Task Holding => _holding.Task;

    /// <summary>True once a cancelled write aborted the connection.</summary>
    public bool Aborted => _aborted;

    /// <summary>What the client would have received, in order.</summary>
    public ChannelReader<JsonRpcMessage> Received => _received.Reader;

    public void Release() => _released.TrySetResult();

    /// <summary>Hands the server a message, as if the client had sent it.</summary>
    public void Receive(JsonRpcMessage message) => _incoming.Writer.TryWrite(message);

    public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        // A token cancelled before the write starts fails it cleanly, as Kestrel's does.
        cancellationToken.ThrowIfCancellationRequested();
        if (_aborted)
        {
            return;
        }

        if (message is JsonRpcNotification { Method: var method } && method == holdMethod && Interlocked.Exchange(ref _held, 1) == 0)
        {
            // The client already has these bytes (Kestrel sent them on the write); the flush is still to come.
            _received.Writer.TryWrite(message);
            _holding.TrySetResult();
            await _released.Task;
            if (cancellationToken.IsCancellationRequested)
            {
                _aborted = true;
                _received.Writer.TryComplete(new IOException("The connection was reset: a write was cancelled while under way."));
                cancellationToken.ThrowIfCancellationRequested();
            }

            return;
        }

        _received.Writer.TryWrite(message);
    }

    public ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        _released.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
