using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Plans;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels;

/// <summary>
/// Admits and counts tunnel requests. <see cref="TryStartRequest"/> is the relay's hot path: in memory, no lock, the
/// check and the increment one compare-and-swap, so concurrent requests at the limit never overshoot. What it needs
/// (the plan's monthly limit and the month's count so far) is loaded when a lease is granted
/// (<see cref="PrepareAsync"/>) and refreshed by <see cref="TunnelUsageWriter"/>. <see cref="Record"/> adds each
/// request to per-tunnel per-day totals that the writer stores in batches.
/// </summary>
/// <remarks>One node owns the counts, as <see cref="QuotaCounter"/> does for calls.</remarks>
internal sealed class TunnelMeter(
    IDbContextFactory<BridgeDbContext> dbFactory,
    AccountDirectory accounts,
    PlanCatalog plans,
    IOptions<TunnelOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>How old an account's plan limits may get before <see cref="RefreshAsync"/> reads them again.</summary>
    public static readonly TimeSpan PlanRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, AccountQuota> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AnonymousCap> _anonymous = new(StringComparer.Ordinal);
    private readonly Lock _usageLock = new();
    private Dictionary<TunnelUsageKey, TunnelUsageTotals> _usage = [];

    /// <summary>Loads what <see cref="TryStartRequest"/> needs for <paramref name="lease"/>, unless it is in memory already.</summary>
    public async ValueTask PrepareAsync(TunnelLease lease, CancellationToken cancellationToken)
    {
        if (lease.AccountId is not { } accountId)
        {
            if (!_anonymous.ContainsKey(lease.Name))
            {
                // A name issued just now (it comes with its resume token) has forwarded nothing yet: no need to ask.
                var used = lease.ResumeToken is not null ? 0 : await RequestsOfTunnelAsync(lease.Name, cancellationToken);
                _anonymous.TryAdd(lease.Name, new AnonymousCap(used, lease.ExpiresAt));
            }

            return;
        }

        var quota = _accounts.GetOrAdd(accountId, static _ => new AccountQuota());
        if (Volatile.Read(ref quota.Limits) is not { } limits || timeProvider.GetElapsedTime(limits.At) >= PlanRefreshInterval
            || Volatile.Read(ref quota.Month) is not { } month || month.Number != CurrentMonth())
        {
            await LoadAsync(accountId, quota, cancellationToken);
        }
    }

    /// <summary>
    /// Admits one request through <paramref name="lease"/>'s tunnel, or says why not: 429 <c>quota_exceeded</c> over
    /// the plan's monthly tunnel requests (naming the reset date and the upgrade), or over an anonymous tunnel's cap.
    /// </summary>
    public ApiError? TryStartRequest(TunnelLease lease)
    {
        if (lease.AccountId is not { } accountId)
        {
            var cap = _anonymous.GetOrAdd(lease.Name, static _ => new AnonymousCap(0, null));
            var max = options.Value.AnonymousRequestsPerTunnel;
            return TryIncrement(ref cap.Used, max, out _) ? null : AnonymousCapReached(max);
        }

        // A lease not prepared (from before a restart of this meter, say) starts an empty quota: count, and let the writer's refresh load the limit.
        var quota = _accounts.GetOrAdd(accountId, static _ => new AccountQuota());

        var now = timeProvider.GetUtcNow();
        var month = CurrentCounter(quota, Time.MonthNumber(now.UtcDateTime));
        var limits = Volatile.Read(ref quota.Limits);
        return TryIncrement(ref month.Used, limits?.MonthlyRequests, out var used) ? null : QuotaReached(limits!, used, now);
    }

    /// <summary>Counts a forwarded request (status 500 and above are errors); stored by <see cref="TunnelUsageWriter"/>.</summary>
    public void Record(TunnelLease lease, int status, long bytesIn, long bytesOut)
    {
        var key = new TunnelUsageKey(lease.Name, lease.AccountId, DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime));
        lock (_usageLock)
        {
            ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_usage, key, out _);
            totals.Requests++;
            totals.Errors += status >= 500 ? 1 : 0;
            totals.BytesIn += Math.Max(0, bytesIn);
            totals.BytesOut += Math.Max(0, bytesOut);
        }
    }

    /// <summary>Takes the totals recorded since the last call (the writer stores them).</summary>
    public Dictionary<TunnelUsageKey, TunnelUsageTotals> TakeUsage()
    {
        lock (_usageLock)
        {
            if (_usage.Count == 0)
            {
                return [];
            }

            var taken = _usage;
            _usage = [];
            return taken;
        }
    }

    /// <summary>Puts back totals the writer could not store, to be tried again.</summary>
    public void ReturnUsage(Dictionary<TunnelUsageKey, TunnelUsageTotals> usage)
    {
        lock (_usageLock)
        {
            foreach (var (key, totals) in usage)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_usage, key, out _).Add(totals);
            }
        }
    }

    /// <summary>Reads again the plan limits older than <see cref="PlanRefreshInterval"/>, and forgets expired anonymous tunnels.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var (accountId, quota) in _accounts)
        {
            if (Volatile.Read(ref quota.Limits) is not { } limits || timeProvider.GetElapsedTime(limits.At) >= PlanRefreshInterval)
            {
                await LoadAsync(accountId, quota, cancellationToken);
            }
        }

        var now = timeProvider.GetUtcNow();
        foreach (var (name, cap) in _anonymous)
        {
            if (cap.ExpiresAt is { } expires && expires <= now)
            {
                _anonymous.TryRemove(name, out _);
            }
        }
    }

    private async Task LoadAsync(string accountId, AccountQuota quota, CancellationToken cancellationToken)
    {
        if (await accounts.GetAsync(accountId, cancellationToken) is not { } facts)
        {
            _accounts.TryRemove(accountId, out _); // deleted: nothing to count for
            return;
        }

        var plan = await plans.GetAsync(facts.PlanId, cancellationToken);
        var upgrade = await plans.UpgradeForAsync(plan, p => p.MonthlyTunnelRequests, cancellationToken);
        Volatile.Write(ref quota.Limits, new PlanSnapshot(plan, upgrade, timeProvider.GetTimestamp()));

        // A month's count is read once; after that this node's own count is ahead of the database (it counts
        // requests as they start, the database as they are written).
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var number = Time.MonthNumber(now);
        var current = Volatile.Read(ref quota.Month);
        if (current is null || current.Number != number)
        {
            var used = await RequestsOfAccountAsync(accountId, now, cancellationToken);
            Interlocked.CompareExchange(ref quota.Month, new MonthCount(number, used), current);
        }
    }

    private static MonthCount CurrentCounter(AccountQuota quota, int number)
    {
        while (true)
        {
            var current = Volatile.Read(ref quota.Month);
            if (current is not null && current.Number >= number)
            {
                return current;
            }

            // A new month (or a lease not prepared): nothing was forwarded in it before now on this node.
            var fresh = new MonthCount(number, 0);
            if (Interlocked.CompareExchange(ref quota.Month, fresh, current) == current)
            {
                return fresh;
            }
        }
    }

    /// <summary>Adds one to <paramref name="counter"/> unless it reached <paramref name="limit"/> (null: unlimited); <paramref name="used"/> is the count before.</summary>
    private static bool TryIncrement(ref long counter, long? limit, out long used)
    {
        if (limit is not { } max)
        {
            used = Interlocked.Increment(ref counter) - 1;
            return true;
        }

        while (true)
        {
            used = Volatile.Read(ref counter);
            if (used >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, used + 1, used) == used)
            {
                return true;
            }
        }
    }

    private ApiError QuotaReached(PlanSnapshot limits, long used, DateTimeOffset now)
    {
        var plan = limits.Plan;
        var upgrade = limits.Upgrade;
        var resetsAt = Time.NextMonthStart(now);
        var hint = upgrade is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" Upgrade to {upgrade.Name} for {(upgrade.MonthlyTunnelRequests is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "unlimited")} tunnel requests a month.");
        return new ApiError(StatusCodes.Status429TooManyRequests, ErrorCodes.QuotaExceeded, "Monthly tunnel quota reached",
            string.Create(CultureInfo.InvariantCulture, $"Monthly tunnel quota reached: {used:N0} of {plan.MonthlyTunnelRequests:N0} requests on the {plan.Name} plan. It resets on {resetsAt:yyyy-MM-dd} (UTC).{hint}"))
        {
            Extensions = new Dictionary<string, object?>
            {
                ["used"] = used,
                ["limit"] = plan.MonthlyTunnelRequests,
                ["plan"] = plan.Id,
                ["resetsAt"] = resetsAt,
                ["upgrade"] = upgrade?.Id ?? string.Empty,
                ["retryAfterSeconds"] = (long)Math.Ceiling((resetsAt - now).TotalSeconds),
            },
        };
    }

    private static ApiError AnonymousCapReached(long max) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.QuotaExceeded, "Tunnel request limit reached",
            string.Create(CultureInfo.InvariantCulture, $"This temporary tunnel has forwarded {max:N0} requests, the most a tunnel without an account may. Sign up (`mcp-bridge signup`) and connect with your account key for more."))
        {
            Extensions = new Dictionary<string, object?> { ["limit"] = max },
        };

    private int CurrentMonth() => Time.MonthNumber(timeProvider.GetUtcNow().UtcDateTime);

    private async Task<long> RequestsOfAccountAsync(string accountId, DateTime now, CancellationToken cancellationToken)
    {
        var first = new DateOnly(now.Year, now.Month, 1);
        var next = first.AddMonths(1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TunnelUsageDaily.Where(u => u.AccountId == accountId && u.Day >= first && u.Day < next)
            .SumAsync(u => u.Requests, cancellationToken);
    }

    private async Task<long> RequestsOfTunnelAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TunnelUsageDaily.Where(u => u.TunnelName == name && u.AccountId == null).SumAsync(u => u.Requests, cancellationToken);
    }

    private sealed class AccountQuota
    {
        public PlanSnapshot? Limits;
        public MonthCount? Month;
    }

    private sealed record PlanSnapshot(Plan Plan, Plan? Upgrade, long At)
    {
        public long? MonthlyRequests => Plan.MonthlyTunnelRequests;
    }

    private sealed class MonthCount(int number, long used)
    {
        public readonly int Number = number;
        public long Used = used;
    }

    private sealed class AnonymousCap(long used, DateTimeOffset? expiresAt)
    {
        public readonly DateTimeOffset? ExpiresAt = expiresAt;
        public long Used = used;
    }
}
