using System.Net.Http;
using McpBridge.Protocol.Api;

namespace McpBridge.Client;

public sealed partial class McpBridgeApiClient
{
    /// <summary>Lists the account's hosted servers (<c>GET /api/v1/servers</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The servers.</returns>
    public Task<IReadOnlyList<ServerInfo>> ListServersAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ServerInfo>>(HttpMethod.Get, "api/v1/servers", null, cancellationToken);

    /// <summary>Creates a hosted server (<c>POST /api/v1/servers</c>).</summary>
    /// <param name="request">The server's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new server, in <c>draft</c> status.</returns>
    public Task<ServerInfo> CreateServerAsync(CreateServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ServerInfo>(HttpMethod.Post, "api/v1/servers", request, cancellationToken);
    }

    /// <summary>Gets a server with its tools, keys and versions (<c>GET /api/v1/servers/{server}</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The server in detail.</returns>
    public Task<ServerDetail> GetServerAsync(string server, CancellationToken cancellationToken = default) =>
        SendAsync<ServerDetail>(HttpMethod.Get, ServerPath(server), null, cancellationToken);

    /// <summary>Deletes a server, its versions and its keys (<c>DELETE /api/v1/servers/{server}</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteServerAsync(string server, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ServerPath(server), null, cancellationToken);

    /// <summary>Lists the tools of a server's draft (<c>GET /api/v1/servers/{server}/tools</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The tools, secrets masked.</returns>
    public Task<IReadOnlyList<ToolInfo>> ListToolsAsync(string server, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ToolInfo>>(HttpMethod.Get, ServerPath(server, "tools"), null, cancellationToken);

    /// <summary>Adds a configured connector to a server's draft (<c>POST /api/v1/servers/{server}/tools</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="request">The connector and its configuration.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The added tool, secrets masked.</returns>
    public Task<ToolInfo> AddToolAsync(string server, AddToolRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ToolInfo>(HttpMethod.Post, ServerPath(server, "tools"), request, cancellationToken);
    }

    /// <summary>Removes a tool from a server's draft (<c>DELETE /api/v1/servers/{server}/tools/{tool}</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="tool">The tool's id or name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task RemoveToolAsync(string server, string tool, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ServerPath(server, $"tools/{Segment(tool)}"), null, cancellationToken);

    /// <summary>
    /// Deploys a server (<c>POST /api/v1/servers/{server}/deploy</c>): validates the draft, stores it as a new
    /// version and makes it live; or, with <see cref="DeployRequest.Version"/>, makes an earlier version live again.
    /// </summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="request">What to deploy; <see langword="null"/> deploys the draft.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The live version, its endpoints and how each source started.</returns>
    public Task<DeployResponse> DeployAsync(string server, DeployRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<DeployResponse>(HttpMethod.Post, ServerPath(server, "deploy"), request ?? new DeployRequest(), cancellationToken);

    /// <summary>Lists a server's deployed versions, newest first (<c>GET /api/v1/servers/{server}/versions</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The versions.</returns>
    public Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(string server, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<VersionInfo>>(HttpMethod.Get, ServerPath(server, "versions"), null, cancellationToken);

    /// <summary>Lists a server's keys (<c>GET /api/v1/servers/{server}/keys</c>), never their secrets.</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The keys, revoked ones included.</returns>
    public Task<IReadOnlyList<KeyInfo>> ListServerKeysAsync(string server, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<KeyInfo>>(HttpMethod.Get, ServerPath(server, "keys"), null, cancellationToken);

    /// <summary>Creates a key that clients use to call the server (<c>POST /api/v1/servers/{server}/keys</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="request">The key's label.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new key; its secret is shown only in this answer.</returns>
    public Task<KeyCreated> CreateServerKeyAsync(string server, CreateKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<KeyCreated>(HttpMethod.Post, ServerPath(server, "keys"), request, cancellationToken);
    }

    /// <summary>
    /// Replaces a server key with a new one (<c>POST /api/v1/servers/{server}/keys/{keyId}/rotate</c>); the old
    /// key is revoked.
    /// </summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="keyId">The id of the key to replace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new key; its secret is shown only in this answer.</returns>
    public Task<KeyCreated> RotateServerKeyAsync(string server, string keyId, CancellationToken cancellationToken = default) =>
        SendAsync<KeyCreated>(HttpMethod.Post, ServerPath(server, $"keys/{Segment(keyId)}/rotate"), null, cancellationToken);

    /// <summary>Revokes a server key (<c>DELETE /api/v1/servers/{server}/keys/{keyId}</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task RevokeServerKeyAsync(string server, string keyId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ServerPath(server, $"keys/{Segment(keyId)}"), null, cancellationToken);

    /// <summary>Gets a server's usage over the last days (<c>GET /api/v1/servers/{server}/usage</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="days">How many days back, today included; the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Totals, a daily series and a per-tool breakdown.</returns>
    public Task<UsageReport> GetUsageAsync(string server, int? days = null, CancellationToken cancellationToken = default) =>
        SendAsync<UsageReport>(HttpMethod.Get, Query(ServerPath(server, "usage"), ("days", Invariant(days))), null, cancellationToken);

    /// <summary>Reads a server's event log, newest first (<c>GET /api/v1/servers/{server}/logs</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="limit">At most this many entries; the server's default when <see langword="null"/>.</param>
    /// <param name="level">Only entries of this level (<c>info</c>, <c>warning</c>, <c>error</c>).</param>
    /// <param name="tool">Only entries about this tool.</param>
    /// <param name="before">Only entries older than this id (to page back).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The log entries.</returns>
    public Task<IReadOnlyList<LogEntry>> GetLogsAsync(
        string server,
        int? limit = null,
        string? level = null,
        string? tool = null,
        long? before = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<LogEntry>>(
            HttpMethod.Get,
            Query(ServerPath(server, "logs"), ("limit", Invariant(limit)), ("level", level), ("tool", tool), ("before", Invariant(before))),
            null,
            cancellationToken);

    /// <summary>Gets ready-to-paste client configuration for a server (<c>GET /api/v1/servers/{server}/snippets</c>).</summary>
    /// <param name="server">The server's id or slug.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The snippets, with <see cref="SnippetSet.KeyPlaceholder"/> where the key goes.</returns>
    public Task<SnippetSet> GetSnippetsAsync(string server, CancellationToken cancellationToken = default) =>
        SendAsync<SnippetSet>(HttpMethod.Get, ServerPath(server, "snippets"), null, cancellationToken);

    private static string ServerPath(string server, string? rest = null) =>
        rest is null ? $"api/v1/servers/{Segment(server)}" : $"api/v1/servers/{Segment(server)}/{rest}";
}
