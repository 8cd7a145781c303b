using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Plans;
using McpBridge.Server.Tunnels.Relay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels;

/// <summary>The REST API's tunnels: listing the account's names with status and traffic, reserving and releasing names.</summary>
internal sealed class TunnelService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    TunnelNameStore names,
    PlanLimits limits,
    ITunnelPresence presence,
    TunnelUrls urls,
    IOptions<TunnelOptions> options,
    TimeProvider timeProvider,
    ILogger<TunnelService> logger)
{
    /// <summary>What <see cref="ITunnelPresence.DisconnectAsync"/> tells an agent whose name was released.</summary>
    public const string ReleasedReason = "released";

    public async Task<TunnelList> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var plan = await limits.PlanOfAsync(caller.AccountId, cancellationToken);
        var rows = await names.ListAsync(caller.AccountId, cancellationToken);
        var usage = await UsageAsync(caller.AccountId, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var tunnelLimits = new TunnelLimits(
            plan.Id,
            rows.Count(r => !r.Temporary),
            plan.MaxPersistentTunnels,
            presence.CountLive(l => l.Temporary && l.AccountId == caller.AccountId),
            plan.MaxTemporaryTunnels,
            usage.Month,
            plan.MonthlyTunnelRequests,
            Time.NextMonthStart(now));
        return new TunnelList(rows.Select(r => ToInfo(r, usage)).ToArray(), tunnelLimits);
    }

    /// <summary>Reserves a persistent name; <c>Created</c> is false when the account held it already.</summary>
    public async Task<Result<(TunnelInfo Tunnel, bool Created)>> ReserveAsync(Caller caller, ReserveTunnelRequest request, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return ApiError.Forbidden("Tunnels are turned off on this server.");
        }

        var name = TunnelNameRules.Normalize(request.Name);
        var plan = await limits.PlanOfAsync(caller.AccountId, cancellationToken);
        var reserved = await names.ReserveAsync(caller.AccountId, caller.Actor, plan, name, cancellationToken);
        if (!reserved.IsSuccess)
        {
            return reserved.Error;
        }

        var (row, created) = reserved.Value;
        var usage = created ? Usage.None : await UsageAsync(caller.AccountId, cancellationToken);
        return (ToInfo(row, usage), created);
    }

    /// <summary>Releases one of the account's names and disconnects its agent, which is told why and does not reconnect.</summary>
    public async Task<Result<bool>> ReleaseAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        name = TunnelNameRules.Normalize(name);
        var released = await names.ReleaseAsync(caller.AccountId, caller.Actor, name, cancellationToken);
        if (!released.IsSuccess)
        {
            return released.Error;
        }

        TunnelLog.Released(logger, name, caller.Actor);
        if (presence.Find(name) is { } live && live.Lease.AccountId == caller.AccountId)
        {
            await presence.DisconnectAsync(name, ReleasedReason, cancellationToken);
        }

        return true;
    }

    private TunnelInfo ToInfo(TunnelName row, Usage usage)
    {
        var live = presence.Find(row.Name) is { } found && found.Lease.AccountId == row.AccountId ? found : null;
        var today = usage.Today.GetValueOrDefault(row.Name);
        return new TunnelInfo(
            row.Name,
            urls.For(row.Name),
            urls.PathFor(row.Name),
            row.Temporary,
            Time.ToOffset(row.ExpiresAt),
            live is null ? TunnelStatus.Offline : TunnelStatus.Online,
            live?.ConnectedSince,
            live?.LastSeen ?? Time.ToOffset(row.LastConnectedAt),
            live?.RemoteAddress,
            today.Requests,
            today.Bytes,
            usage.ByTunnel.GetValueOrDefault(row.Name),
            Time.ToOffset(row.CreatedAt));
    }

    /// <summary>The account's tunnel traffic this month: per tunnel today and this month, and in all (released names included).</summary>
    private async Task<Usage> UsageAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var first = new DateOnly(now.Year, now.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.TunnelUsageDaily.AsNoTracking()
            .Where(u => u.AccountId == accountId && u.Day >= first)
            .Select(u => new { u.TunnelName, u.Day, u.Requests, u.BytesIn, u.BytesOut })
            .ToListAsync(cancellationToken);

        var usage = new Usage(new Dictionary<string, (long, long)>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal), rows.Sum(r => r.Requests));
        foreach (var row in rows)
        {
            usage.ByTunnel[row.TunnelName] = usage.ByTunnel.GetValueOrDefault(row.TunnelName) + row.Requests;
            if (row.Day == today)
            {
                var (requests, bytes) = usage.Today.GetValueOrDefault(row.TunnelName);
                usage.Today[row.TunnelName] = (requests + row.Requests, bytes + row.BytesIn + row.BytesOut);
            }
        }

        return usage;
    }

    private sealed record Usage(Dictionary<string, (long Requests, long Bytes)> Today, Dictionary<string, long> ByTunnel, long Month)
    {
        public static Usage None { get; } = new([], [], 0);
    }
}
