using System.Text.Json.Nodes;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Tests.Harness;

internal static class ConnectorContexts
{
    public static ConnectorContext For(string dataDirectory, JsonObject? config = null, string instance = "test", ISourceEventSink? events = null) => new()
    {
        ServerId = "srv-test",
        InstanceName = instance,
        Config = config ?? [],
        DataDirectory = dataDirectory,
        Events = events,
    };
}
