using McpBridge.ConformanceTools;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.Http;

/// <summary>Composite servers for the transport tests: an echo tool, plus the conformance set when asked.</summary>
internal static class EchoTarget
{
    public static InProcessSource EchoSource(string prefix = "Echo") => new(
    [
        McpServerTool.Create((string message) => $"{prefix}: {message}", new() { Name = "echo", Description = "Echoes the message back" }),
    ]);

    public static CompositeServer Create(string id = "echo", bool withConformance = false) => new(id, new CompositeSnapshot(1,
        withConformance
            ? [new CompositeSource("echo", "echo", EchoSource()), new CompositeSource("conformance", "conformance-tools", ConformanceToolset.CreateSource())]
            : [new CompositeSource("echo", "echo", EchoSource())]));
}
