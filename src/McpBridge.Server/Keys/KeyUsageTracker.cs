using System.Collections.Concurrent;

namespace McpBridge.Server.Keys;

/// <summary>Remembers when keys were last used; <see cref="KeyUsageFlusher"/> writes it down in batches.</summary>
internal sealed class KeyUsageTracker(TimeProvider timeProvider)
{
    private ConcurrentDictionary<string, DateTime> _pending = new(StringComparer.Ordinal);

    public void Record(string keyId) => _pending[keyId] = timeProvider.GetUtcNow().UtcDateTime;

    public IReadOnlyDictionary<string, DateTime> Drain() =>
        Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal));
}
