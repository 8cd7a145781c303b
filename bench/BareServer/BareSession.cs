using ModelContextProtocol.Server;

namespace McpBridge.Bench.BareServer;

/// <summary>One 2025-era MCP session: the transport requests are fed to and the server reading from it.</summary>
internal sealed record BareSession(StreamableHttpServerTransport Transport, McpServer Server, Task RunTask) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Transport.DisposeAsync();
        try
        {
            await RunTask;
        }
        catch (OperationCanceledException)
        {
            // RunAsync ends by cancellation when the session is torn down.
        }
    }
}
