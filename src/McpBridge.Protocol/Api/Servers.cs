using System.Text.Json;

namespace McpBridge.Protocol.Api;

/// <summary>Body of <c>POST /api/v1/servers</c>.</summary>
/// <param name="Name">The server's display name; its slug is derived from it.</param>
public sealed record CreateServerRequest(string Name);

/// <summary>A hosted MCP server.</summary>
/// <param name="Id">The server id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Slug">The globally unique DNS label used in its endpoint URLs.</param>
/// <param name="Status"><c>draft</c> (never deployed), <c>running</c>, <c>stopped</c> or <c>error</c>.</param>
/// <param name="LiveVersion">The deployed version serving requests, if any.</param>
/// <param name="ToolCount">Tools in the draft configuration.</param>
/// <param name="Endpoints">The server's MCP endpoints.</param>
/// <param name="CreatedAt">When the server was created.</param>
/// <param name="LastActiveAt">When its endpoint last served a call, if ever.</param>
public sealed record ServerInfo(
    string Id,
    string Name,
    string Slug,
    string Status,
    int? LiveVersion,
    int ToolCount,
    ServerEndpoints Endpoints,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastActiveAt);

/// <summary>A server with its draft tools, keys and versions (<c>GET /api/v1/servers/{id}</c>).</summary>
/// <param name="Server">The server.</param>
/// <param name="Tools">The draft tools (what the next deploy will serve).</param>
/// <param name="Keys">The server's keys (never the secret part).</param>
/// <param name="Versions">Deployed versions, newest first.</param>
public sealed record ServerDetail(ServerInfo Server, IReadOnlyList<ToolInfo> Tools, IReadOnlyList<KeyInfo> Keys, IReadOnlyList<VersionInfo> Versions);

/// <summary>The endpoints of a hosted server.</summary>
/// <param name="Mcp">Streamable HTTP endpoint (both protocol eras).</param>
/// <param name="Sse">Legacy HTTP+SSE endpoint.</param>
/// <param name="PathMcp">The same Streamable HTTP endpoint in path form, for hosts without wildcard DNS.</param>
/// <param name="PathSse">The same legacy SSE endpoint in path form.</param>
public sealed record ServerEndpoints(string Mcp, string Sse, string PathMcp, string PathSse);

/// <summary>Body of <c>POST /api/v1/servers/{id}/tools</c>.</summary>
/// <param name="Connector">The catalog connector id, e.g. <c>filesystem</c>.</param>
/// <param name="Config">The connector's configuration, validated against its schema.</param>
/// <param name="Name">An optional name for this tool instance (used to prefix tool names on collision); defaults to the connector id.</param>
public sealed record AddToolRequest(string Connector, JsonElement? Config = null, string? Name = null);

/// <summary>A tool (a configured connector) in a server's draft.</summary>
/// <param name="Id">The tool id.</param>
/// <param name="Connector">The connector id.</param>
/// <param name="Name">The instance name.</param>
/// <param name="Config">The configuration, with every secret field replaced by <c>"********"</c>.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record ToolInfo(string Id, string Connector, string Name, JsonElement Config, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /api/v1/servers/{id}/deploy</c>.</summary>
/// <param name="Version">Deploy this earlier version again (rollback) instead of the draft.</param>
public sealed record DeployRequest(int? Version = null);

/// <summary>Answer to a deploy.</summary>
/// <param name="Version">The version now live.</param>
/// <param name="DeployedAt">When it went live.</param>
/// <param name="Endpoints">The server's endpoints.</param>
/// <param name="Sources">Each source of the version and how it started.</param>
/// <param name="Tools">The merged tool names clients now see.</param>
/// <param name="RolledBackTo">Set when this deploy re-activated an earlier version.</param>
public sealed record DeployResponse(
    int Version,
    DateTimeOffset DeployedAt,
    ServerEndpoints Endpoints,
    IReadOnlyList<SourceStatus> Sources,
    IReadOnlyList<string> Tools,
    int? RolledBackTo);

/// <summary>How one source of a deployed server is doing.</summary>
/// <param name="Name">The tool instance name.</param>
/// <param name="Connector">The connector id.</param>
/// <param name="Status"><c>ready</c>, <c>starting</c> or <c>failed</c>.</param>
/// <param name="ToolCount">Tools the source contributes.</param>
/// <param name="Error">Why it failed, if it did (never contains secrets).</param>
public sealed record SourceStatus(string Name, string Connector, string Status, int ToolCount, string? Error);

/// <summary>A deployed version.</summary>
/// <param name="Version">The version number (1, 2, ...).</param>
/// <param name="CreatedAt">When it was first deployed.</param>
/// <param name="ToolCount">How many tools it has.</param>
/// <param name="Live">Whether it is the version serving requests now.</param>
public sealed record VersionInfo(int Version, DateTimeOffset CreatedAt, int ToolCount, bool Live);
