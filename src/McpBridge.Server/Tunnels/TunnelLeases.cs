using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Keys;
using McpBridge.Server.Plans;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels;

/// <summary>
/// Decides which name an agent may serve when it connects: authenticates its account key (as the REST API does), then
/// gives back a persistent name the account holds (reserving it on first use, within the plan), a temporary name
/// again for a valid resume token, or a new temporary name within the plan or the anonymous per-address limits.
/// </summary>
internal sealed class TunnelLeases(
    KeyService keys,
    AccountDirectory accounts,
    PlanCatalog plans,
    TunnelNameStore names,
    TunnelMeter meter,
    IOptions<TunnelOptions> options,
    ILogger<TunnelLeases> logger)
{
    public async ValueTask<Result<TunnelLease>> AcquireAsync(TunnelConnectRequest request, CancellationToken cancellationToken)
    {
        var result = await DecideAsync(request, cancellationToken);
        if (!result.IsSuccess)
        {
            TunnelLog.Refused(logger, result.Error.Code, result.Error.Detail);
            return result;
        }

        var lease = result.Value;
        await meter.PrepareAsync(lease, cancellationToken);
        TunnelLog.Granted(logger, lease.Name, lease.Temporary ? "temporary" : "persistent", lease.AccountId ?? "none");
        return lease;
    }

    /// <summary>The relay lets go of a lease: the name's last-connected time becomes now.</summary>
    public void Disconnected(TunnelLease lease) => names.NoteDisconnected(lease.Name);

    /// <summary>Whether a tunnel has this name (offline: 503) or not (404). Cached for up to ten seconds.</summary>
    public ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken) => names.ExistsAsync(name, cancellationToken);

    private async ValueTask<Result<TunnelLease>> DecideAsync(TunnelConnectRequest request, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return ApiError.Forbidden("Tunnels are turned off on this server.");
        }

        AgentAccount? account = null;
        if (!string.IsNullOrWhiteSpace(request.ApiKey))
        {
            var authenticated = await AuthenticateAsync(request.ApiKey.Trim(), cancellationToken);
            if (!authenticated.IsSuccess)
            {
                return authenticated.Error;
            }

            account = authenticated.Value;
        }

        return request.Temporary
            ? await TemporaryAsync(request, account, cancellationToken)
            : await PersistentAsync(request, account, cancellationToken);
    }

    private async ValueTask<Result<TunnelLease>> PersistentAsync(TunnelConnectRequest request, AgentAccount? account, CancellationToken cancellationToken)
    {
        if (account is null)
        {
            return Unauthorized("A persistent tunnel needs an account key (mcpb_ak_...): sign in with `mcp-bridge login` or `mcp-bridge signup`, or start a temporary tunnel (--temp), which needs none.");
        }

        var name = TunnelNameRules.Normalize(request.Name);
        if (name.Length == 0)
        {
            return ApiError.Validation("name", "is required for a persistent tunnel (e.g. --name notes); a temporary tunnel (--temp) needs none.");
        }

        var reserved = await names.ReserveAsync(account.Id, account.Actor, account.Plan, name, cancellationToken);
        if (!reserved.IsSuccess)
        {
            return reserved.Error;
        }

        await names.TouchAsync(name, cancellationToken);
        return new TunnelLease(name, account.Id, account.Plan.Id, Temporary: false, ExpiresAt: null, ResumeToken: null);
    }

    private async ValueTask<Result<TunnelLease>> TemporaryAsync(TunnelConnectRequest request, AgentAccount? account, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.ResumeToken) && await names.ResumeAsync(request.ResumeToken.Trim(), cancellationToken) is { } resumed)
        {
            // The token is the proof: the name keeps its owner and its expiry, whoever presents it.
            var planId = resumed.AccountId is { } owner ? (await accounts.GetAsync(owner, cancellationToken))?.PlanId : null;
            await names.TouchAsync(resumed.Name, cancellationToken);
            return new TunnelLease(resumed.Name, resumed.AccountId, planId, Temporary: true, Time.ToOffset(resumed.ExpiresAt), ResumeToken: null);
        }

        var part = TunnelNameRules.Normalize(request.Name);
        var issued = await names.IssueTemporaryAsync(
            account?.Id, account?.Actor, account?.Plan, part.Length == 0 ? null : part, TunnelAddressKey.Of(request.RemoteAddress), cancellationToken);
        if (!issued.IsSuccess)
        {
            return issued.Error;
        }

        var (row, token) = issued.Value;
        return new TunnelLease(row.Name, row.AccountId, account?.Plan.Id, Temporary: true, Time.ToOffset(row.ExpiresAt), token);
    }

    private async ValueTask<Result<AgentAccount>> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var (check, principal) = await keys.CheckAsync(presented, cancellationToken);
        if (check == KeyCheck.Revoked)
        {
            return Unauthorized("This API key was revoked.");
        }

        if (check != KeyCheck.Valid || principal is null)
        {
            return Unauthorized("This API key is not valid. Check it, or sign in again with `mcp-bridge login`.");
        }

        if (principal.Scope != KeyScope.Account)
        {
            return Unauthorized("This is a server key: it opens one server's MCP endpoint. Tunnels need an account key (mcpb_ak_...).");
        }

        if (await accounts.GetAsync(principal.AccountId, cancellationToken) is not { } facts)
        {
            return Unauthorized("The account of this API key no longer exists.");
        }

        var plan = await plans.GetAsync(facts.PlanId, cancellationToken);
        return new AgentAccount(facts.Id, new Caller(facts.Id, principal.Prefix).Actor, plan);
    }

    private static ApiError Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Unauthorized", detail);

    private sealed record AgentAccount(string Id, string Actor, Plan Plan);
}
