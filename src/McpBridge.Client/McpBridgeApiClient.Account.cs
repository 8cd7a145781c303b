using System.Net.Http;
using McpBridge.Protocol.Api;

namespace McpBridge.Client;

public sealed partial class McpBridgeApiClient
{
    /// <summary>Creates an account (<c>POST /api/v1/signup</c>). Needs no API key; the answer holds the new account's first key.</summary>
    /// <param name="request">The sign-up details.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new account id, its API key (shown only here) and its plan.</returns>
    public Task<SignupResponse> SignupAsync(SignupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<SignupResponse>(HttpMethod.Post, "api/v1/signup", request, cancellationToken, authenticate: false);
    }

    /// <summary>Gets the calling account (<c>GET /api/v1/account</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The account, its plan and what it uses of it.</returns>
    public Task<AccountInfo> GetAccountAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AccountInfo>(HttpMethod.Get, "api/v1/account", null, cancellationToken);

    /// <summary>Lists the plans (<c>GET /api/v1/plans</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Every plan with its limits.</returns>
    public Task<IReadOnlyList<PlanInfo>> ListPlansAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PlanInfo>>(HttpMethod.Get, "api/v1/plans", null, cancellationToken);

    /// <summary>Lists the account's API keys (<c>GET /api/v1/account/keys</c>), never their secrets.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The keys, revoked ones included.</returns>
    public Task<IReadOnlyList<KeyInfo>> ListAccountKeysAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<KeyInfo>>(HttpMethod.Get, "api/v1/account/keys", null, cancellationToken);

    /// <summary>Creates an account API key (<c>POST /api/v1/account/keys</c>).</summary>
    /// <param name="request">The key's label.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new key; its secret is shown only in this answer.</returns>
    public Task<KeyCreated> CreateAccountKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<KeyCreated>(HttpMethod.Post, "api/v1/account/keys", request, cancellationToken);
    }

    /// <summary>Revokes an account API key (<c>DELETE /api/v1/account/keys/{keyId}</c>).</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task RevokeAccountKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/account/keys/{Segment(keyId)}", null, cancellationToken);

    /// <summary>Lists the account's audit log, newest first (<c>GET /api/v1/account/audit</c>).</summary>
    /// <param name="limit">At most this many entries; the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The audit entries.</returns>
    public Task<IReadOnlyList<AuditEntryInfo>> ListAuditAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AuditEntryInfo>>(HttpMethod.Get, Query("api/v1/account/audit", ("limit", Invariant(limit))), null, cancellationToken);

    /// <summary>Lists the connector catalog (<c>GET /api/v1/catalog</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Every connector with its configuration schema.</returns>
    public Task<IReadOnlyList<ConnectorInfo>> ListCatalogAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ConnectorInfo>>(HttpMethod.Get, "api/v1/catalog", null, cancellationToken);
}
