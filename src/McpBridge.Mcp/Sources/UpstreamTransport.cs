using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Sources;

/// <summary>
/// Wraps the client transport of one upstream connection so that its incoming messages are seen in the order they
/// arrived, before the MCP client dispatches them. The client handles messages concurrently, so a call's last
/// progress notification could otherwise be forwarded after the call's result was already returned downstream.
/// </summary>
internal sealed class UpstreamTransport(IClientTransport inner, Func<JsonRpcMessage, bool> intercept) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), intercept);

    private sealed class Session : ITransport
    {
        private readonly ITransport _inner;
        private readonly Func<JsonRpcMessage, bool> _intercept;
        private readonly Channel<JsonRpcMessage> _incoming = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly Task _pump;

        public Session(ITransport inner, Func<JsonRpcMessage, bool> intercept)
        {
            _inner = inner;
            _intercept = intercept;
            _pump = PumpAsync();
        }

        public string? SessionId => _inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => _incoming.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            _inner.SendMessageAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _inner.DisposeAsync();
            await _pump;
        }

        private async Task PumpAsync()
        {
            var reader = _inner.MessageReader;
            try
            {
                while (await reader.WaitToReadAsync())
                {
                    while (reader.TryRead(out var message))
                    {
                        if (!_intercept(message))
                        {
                            _incoming.Writer.TryWrite(message);
                        }
                    }
                }

                await reader.Completion;
                _incoming.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                // Completing with the transport's own exception keeps its details (exit code, stderr) for the client.
                _incoming.Writer.TryComplete(ex);
            }
        }
    }
}
