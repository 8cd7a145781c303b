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
}
