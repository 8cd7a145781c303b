using McpBridge.Protocol.Api;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Plans;

/// <summary>The plans (limits as data), read from the database and kept for a minute.</summary>
internal sealed class PlanCatalog(IDbContextFactory<BridgeDbContext> dbFactory, TimeProvider timeProvider)
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _lock = new(1, 1);
    // A reference swapped whole: readers on the hot path take no lock and never see half an update.
    private CachedPlans? _cached;

    public async ValueTask<IReadOnlyList<Plan>> AllAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cached) is { } cached && timeProvider.GetElapsedTime(cached.At) < s_ttl)
        {
            return cached.Plans;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _cached) is { } again && timeProvider.GetElapsedTime(again.At) < s_ttl)
            {
                return again.Plans;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var plans = await db.Plans.AsNoTracking().OrderBy(p => p.SortOrder).ToArrayAsync(cancellationToken);
            Volatile.Write(ref _cached, new CachedPlans(plans, timeProvider.GetTimestamp()));
            return plans;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets the cached plans (after plans were changed in the database).</summary>
    public void Invalidate() => Volatile.Write(ref _cached, null);

    public async ValueTask<Plan> GetAsync(string planId, CancellationToken cancellationToken)
    {
        // A loop, not LINQ: this runs for every metered call.
        foreach (var plan in await AllAsync(cancellationToken))
        {
            if (plan.Id == planId)
            {
                return plan;
            }
        }

        throw new InvalidOperationException($"Plan '{planId}' does not exist.");
    }

    /// <summary>The cheapest plan above <paramref name="current"/> that allows more of <paramref name="limit"/>, for upgrade hints.</summary>
    public ValueTask<Plan?> UpgradeForAsync(Plan current, Func<Plan, long?> limit, CancellationToken cancellationToken)
    {
        var mine = limit(current);
        return UpgradeForAsync(current, p => limit(p) is not { } theirs || (mine is { } m && theirs > m), cancellationToken);
    }

    /// <summary>The cheapest plan above <paramref name="current"/> that <paramref name="allows"/> something, for upgrade hints.</summary>
    public async ValueTask<Plan?> UpgradeForAsync(Plan current, Func<Plan, bool> allows, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).Where(p => p.SortOrder > current.SortOrder).FirstOrDefault(allows);

    public static PlanInfo ToInfo(Plan plan) => new(plan.Id, plan.Name, plan.MaxServers, plan.MaxToolsPerServer, plan.MonthlyCalls, plan.CallsPerMinute, plan.PremiumConnectors,
        plan.MaxPersistentTunnels, plan.MaxTemporaryTunnels, plan.MonthlyTunnelRequests);

    private sealed record CachedPlans(IReadOnlyList<Plan> Plans, long At);
}
