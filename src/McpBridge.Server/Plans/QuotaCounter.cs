using System.Collections.Concurrent;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Plans;

/// <summary>
/// Counts each account's calls this month and admits a call only while the count is under the plan's limit. The
/// check and the increment are one atomic step, so concurrent calls at the edge never overshoot. The count starts
/// from what the database holds (written by the metering pipeline) the first time an account is seen this month.
/// </summary>
/// <remarks>One node owns the count; with several nodes each would reserve blocks from the database (not yet built).</remarks>
internal sealed class QuotaCounter(IDbContextFactory<BridgeDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<(string Account, int Month), Lazy<Task<Counter>>> _counters = new();
    private int _newestMonth;

    public async ValueTask<long> GetUsedAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Volatile.Read(ref (await GetCounterAsync(accountId, now, cancellationToken)).Used);

    /// <summary>Admits one call if the account is under <paramref name="limit"/> (null: unlimited). Returns the count before it.</summary>
    public async ValueTask<(bool Allowed, long Used)> TryReserveAsync(string accountId, long? limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counter = await GetCounterAsync(accountId, now, cancellationToken);
        if (limit is not { } max)
        {
            return (true, Interlocked.Increment(ref counter.Used) - 1);
        }

        while (true)
        {
            var used = Volatile.Read(ref counter.Used);
            if (used >= max)
            {
                return (false, used);
            }

            if (Interlocked.CompareExchange(ref counter.Used, used + 1, used) == used)
            {
                return (true, used);
            }
        }
    }

    private async ValueTask<Counter> GetCounterAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = Time.MonthNumber(now.UtcDateTime);
        if (_counters.TryGetValue((accountId, month), out var known) && known.IsValueCreated && known.Value.IsCompletedSuccessfully)
        {
            return known.Value.Result;
        }

        DropPastMonths(month);
        var lazy = _counters.GetOrAdd((accountId, month), key => new Lazy<Task<Counter>>(() => LoadAsync(key.Account, Time.MonthText(key.Month))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _counters.TryRemove(KeyValuePair.Create((accountId, month), lazy));
            throw;
        }
    }

    /// <summary>The first time a new month is seen, forgets the counters of the months before it.</summary>
    private void DropPastMonths(int month)
    {
        var newest = Volatile.Read(ref _newestMonth);
        if (month <= newest || Interlocked.CompareExchange(ref _newestMonth, month, newest) != newest)
        {
            return;
        }

        foreach (var key in _counters.Keys)
        {
            if (key.Month < month)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private async Task<Counter> LoadAsync(string accountId, string month)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var used = await db.AccountUsageMonthly.AsNoTracking()
            .Where(u => u.AccountId == accountId && u.Month == month)
            .Select(u => (long?)u.Calls).FirstOrDefaultAsync();
        return new Counter { Used = used ?? 0 };
    }

    private sealed class Counter
    {
        public long Used;
    }
}
