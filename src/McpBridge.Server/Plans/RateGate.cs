using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace McpBridge.Server.Plans;

/// <summary>
/// Per-account calls-per-minute limits (fixed one-minute windows). The limiters replenish when they are next used
/// rather than on a timer of their own, so an account's limiter costs nothing between calls and one replaced after
/// a plan change can simply be dropped.
/// </summary>
internal sealed class RateGate : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _limiters = new(StringComparer.Ordinal);

    public bool TryAcquire(string accountId, int perMinute, out TimeSpan retryAfter)
    {
        // The hot path: a lookup, no lock, no allocation.
        if (!_limiters.TryGetValue(accountId, out var entry) || entry.Limit != perMinute)
        {
            entry = _limiters.AddOrUpdate(
                accountId,
                static (_, limit) => new Entry(limit),
                static (_, existing, limit) => existing.Limit == limit ? existing : new Entry(limit),
                perMinute);
        }

        entry.Limiter.TryReplenish();
        using var lease = entry.Limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return false;
    }

    public void Dispose()
    {
        foreach (var entry in _limiters.Values)
        {
            entry.Limiter.Dispose();
        }
    }

    private sealed class Entry(int limit)
    {
        public int Limit { get; } = limit;

        // No AutoReplenishment: that would give every limiter a Timer, kept for as long as the limiter lives.
        public FixedWindowRateLimiter Limiter { get; } = new(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }
}
