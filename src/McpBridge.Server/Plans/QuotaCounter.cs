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
        var utc = now.UtcDateTime;
        var month = (utc.Year * 12) + utc.Month - 1;
        if (_counters.TryGetValue((accountId, month), out var known) && known.IsValueCreated && known.Value.IsCompletedSuccessfully)
        {
            return known.Value.Result;
        }

        var lazy = _counters.GetOrAdd((accountId, month), key => new Lazy<Task<Counter>>(() => LoadAsync(key.Account, MonthText(key.Month))));
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

    private static string MonthText(int month) => $"{month / 12:D4}-{(month % 12) + 1:D2}";

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
