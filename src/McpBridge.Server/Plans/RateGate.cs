using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace McpBridge.Server.Plans;

/// <summary>Per-account calls-per-minute limits (fixed one-minute windows).</summary>
internal sealed class RateGate : IDisposable
{
    private readonly ConcurrentDictionary<string, (int Limit, FixedWindowRateLimiter Limiter)> _limiters = new(StringComparer.Ordinal);

    public bool TryAcquire(string accountId, int perMinute, out TimeSpan retryAfter)
    {
        var entry = _limiters.AddOrUpdate(
            accountId,
            static (_, limit) => (limit, Create(limit)),
            static (_, existing, limit) => existing.Limit == limit ? existing : (limit, Create(limit)),
            perMinute);
        using var lease = entry.Limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return false;
    }

    private static FixedWindowRateLimiter Create(int perMinute) => new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public void Dispose()
    {
        foreach (var (_, limiter) in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
