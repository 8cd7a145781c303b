using System.Text.Json.Nodes;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors;

/// <summary>
/// A catalog entry: something a server's owner can add as a tool, with a typed, validated configuration,
/// that makes the <see cref="IMcpSource"/> serving it. The same connector runs in a hosted server and under
/// <c>mcp-bridge start</c> on a user's machine, so it takes everything it needs from <see cref="ConnectorContext"/>.
/// </summary>
public interface IConnector
{
    /// <summary>A stable id, e.g. <c>filesystem</c>, <c>fetch</c> or a stdio package's id.</summary>
    string Id { get; }

    /// <summary>The display name.</summary>
    string Name { get; }

    /// <summary>What it gives an assistant.</summary>
    string Description { get; }

    /// <summary>A catalog category: <c>Files</c>, <c>Web</c>, <c>Databases</c>, <c>Developer tools</c>, <c>Communication</c>, <c>Smart home</c>, <c>Packages</c>, <c>Remote</c>.</summary>
    string Category { get; }

    /// <summary>Whether only plans with premium connectors may use it.</summary>
    bool Premium { get; }

    /// <summary>
    /// The JSON Schema of the configuration (the subset <see cref="ConfigValidation"/> understands). Secret
    /// fields carry <c>"x-secret": true</c>. Each read returns a fresh copy, so callers may change it freely.
    /// </summary>
    JsonObject ConfigSchema { get; }

    /// <summary>The tools it provides, where known ahead of time, for the catalog listing.</summary>
    IReadOnlyList<ConnectorToolInfo> Tools { get; }

    /// <summary>
    /// Makes the source for one configured instance. The configuration in <paramref name="context"/> must be valid
    /// (see <see cref="ConfigValidation.Validate"/>); an invalid one is a caller bug and throws <see cref="ArgumentException"/>.
    /// </summary>
    ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken);
}
