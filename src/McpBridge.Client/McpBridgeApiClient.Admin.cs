using System.Net.Http;
using McpBridge.Protocol.Api;

namespace McpBridge.Client;

public sealed partial class McpBridgeApiClient
{
    /// <summary>Lists every account (<c>GET /api/v1/admin/accounts</c>). Administrators only.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The accounts.</returns>
    public Task<IReadOnlyList<AdminAccountInfo>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AdminAccountInfo>>(HttpMethod.Get, "api/v1/admin/accounts", null, cancellationToken);

    /// <summary>Moves an account to another plan (<c>PUT /api/v1/admin/accounts/{accountId}/plan</c>). Administrators only.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="request">The plan to move it to.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The account as it is now.</returns>
    public Task<AdminAccountInfo> SetAccountPlanAsync(string accountId, SetPlanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<AdminAccountInfo>(HttpMethod.Put, $"api/v1/admin/accounts/{Segment(accountId)}/plan", request, cancellationToken);
    }

    /// <summary>
    /// Lists the catalog's stdio packages with their approved commands, origins and dry runs
    /// (<c>GET /api/v1/admin/catalog</c>). Administrators only.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The packages, in catalog order.</returns>
    public Task<IReadOnlyList<CatalogPackageInfo>> ListCatalogPackagesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<CatalogPackageInfo>>(HttpMethod.Get, "api/v1/admin/catalog", null, cancellationToken);

    /// <summary>
    /// Approves a stdio package and adds it to the catalog (<c>POST /api/v1/admin/catalog</c>); the server dry-runs it
    /// before answering, so this may take as long as a first <c>npx</c> download. Administrators only.
    /// </summary>
    /// <param name="request">The package: id, command, args, env form, description, category, premium.</param>
    /// <param name="cancellationToken">Cancels the request (the entry may be added already).</param>
    /// <returns>The entry, with the tools its dry run found or why the dry run failed.</returns>
    public Task<CatalogPackageInfo> AddCatalogPackageAsync(AddCatalogPackageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CatalogPackageInfo>(HttpMethod.Post, "api/v1/admin/catalog", request, cancellationToken);
    }

    /// <summary>Starts a package once to learn its tools again (<c>POST /api/v1/admin/catalog/{id}/dry-run</c>). Administrators only.</summary>
    /// <param name="id">The package id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entry with what the dry run found.</returns>
    public Task<CatalogPackageInfo> DryRunCatalogPackageAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<CatalogPackageInfo>(HttpMethod.Post, $"api/v1/admin/catalog/{Segment(id)}/dry-run", null, cancellationToken);

    /// <summary>Removes an admin-added package from the catalog (<c>DELETE /api/v1/admin/catalog/{id}</c>). Administrators only.</summary>
    /// <param name="id">The package id.</param>
    /// <param name="force">Remove it even while servers' tools use it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entry as it was.</returns>
    public Task<CatalogPackageInfo> RemoveCatalogPackageAsync(string id, bool force = false, CancellationToken cancellationToken = default) =>
        SendAsync<CatalogPackageInfo>(HttpMethod.Delete, $"api/v1/admin/catalog/{Segment(id)}{(force ? "?force=true" : string.Empty)}", null, cancellationToken);
}
