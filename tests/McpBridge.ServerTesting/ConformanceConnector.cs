using System.Text.Json.Nodes;
using McpBridge.ConformanceTools;
using McpBridge.Connectors;
using McpBridge.Mcp.Sources;

namespace McpBridge.ServerTesting;

/// <summary>
/// A test-only in-process connector serving the tools, resources and prompts the MCP conformance suite expects. Tests
/// register it in the server's services; it is never part of the product catalog.
/// </summary>
public sealed class ConformanceConnector : IConnector
{
    public string Id => "conformance";

    public string Name => "Conformance test tools";

    public string Description => "The fixtures of the official MCP conformance suite (tests only).";

    public string Category => "Developer tools";

    public bool Premium => false;

    public JsonObject ConfigSchema { get; } = new() { ["type"] = "object", ["properties"] = new JsonObject(), ["additionalProperties"] = false };

    public IReadOnlyList<ConnectorToolInfo> Tools { get; } =
        ConformanceToolset.Tools.Select(t => new ConnectorToolInfo(t.ProtocolTool.Name, t.ProtocolTool.Description ?? string.Empty)).ToArray();

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken) =>
        new(ConformanceToolset.CreateSource());
}
