using System.Text.Json.Nodes;
using McpBridge.Connectors;

namespace McpBridge.Cli.Local;

/// <summary>One source of the local MCP server: a connector from the catalog and its configuration.</summary>
/// <param name="Name">The instance name (prefixes tool names only if two sources collide).</param>
/// <param name="Connector">The connector that makes the source, the same one hosted servers use.</param>
/// <param name="Config">The configuration, checked against the connector's schema before the source is made.</param>
internal sealed record LocalSourceSpec(string Name, IConnector Connector, JsonObject Config);
