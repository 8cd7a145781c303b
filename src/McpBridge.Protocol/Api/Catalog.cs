using System.Text.Json;

namespace McpBridge.Protocol.Api;

/// <summary>A connector of the tool catalog (<c>GET /api/v1/catalog</c>).</summary>
/// <param name="Id">The connector id used in <see cref="AddToolRequest.Connector"/>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Description">What it gives an assistant.</param>
/// <param name="Category">A catalog category, e.g. <c>Files</c>, <c>Web</c>, <c>Databases</c>.</param>
/// <param name="Premium">Whether only plans with premium connectors may use it.</param>
/// <param name="ConfigSchema">The JSON Schema of its configuration. Secret fields carry <c>"x-secret": true</c>.</param>
/// <param name="Tools">The tools it provides, where known ahead of time.</param>
public sealed record ConnectorInfo(
    string Id,
    string Name,
    string Description,
    string Category,
    bool Premium,
    JsonElement ConfigSchema,
    IReadOnlyList<ConnectorToolInfo> Tools);

/// <summary>A tool a connector provides.</summary>
/// <param name="Name">The tool name.</param>
/// <param name="Description">What it does.</param>
public sealed record ConnectorToolInfo(string Name, string Description);
