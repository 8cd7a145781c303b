using McpBridge.ConformanceTools;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.Interop;

/// <summary>A composite of the conformance tools and a small echo source, hosted once for the interop tests.</summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    private McpTestServer? _server;

    internal McpTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var echo = new InProcessSource(
        [
            McpServerTool.Create((string message) => $"Echo: {message}", new() { Name = "echo", Description = "Echoes the message back" }),
        ]);
        var composite = new CompositeServer("interop", new CompositeSnapshot(1,
        [
            new CompositeSource("conformance", "conformance-tools", ConformanceToolset.CreateSource()),
            new CompositeSource("echo", "echo", echo),
        ]));
        _server = await McpTestServer.StartAsync(composite);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
