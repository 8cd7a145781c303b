using System.Collections.Concurrent;
using System.Security.Cryptography;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Keys;

/// <summary>
/// Creates, checks, rotates and revokes keys. Checks are cached for a short time so the MCP hot path does not hit the
/// database on every request; revoking on this node takes effect at once, on other nodes within <see cref="CacheTtl"/>.
/// </summary>
internal sealed class KeyService(IDbContextFactory<BridgeDbContext> dbFactory, KeyUsageTracker usage, TimeProvider timeProvider)
{
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(30);
    private const int MaxCached = 100_000;

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    /// <summary>Makes a new key row (not saved) and returns it with the secret, which is never stored.</summary>
    public (ApiKey Row, string Secret) NewKey(string accountId, string? serverId, string? name)
    {
        var secret = KeyFormat.NewKey(server: serverId is not null);
        var row = new ApiKey
        {
            Id = Ids.New("key"),
            AccountId = accountId,
            ServerId = serverId,
            Scope = serverId is null ? KeyScope.Account : KeyScope.Server,
            Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            Prefix = KeyFormat.PrefixOf(secret),
            Hash = KeyFormat.Hash(secret),
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        return (row, secret);
    }

    public async ValueTask<(KeyCheck Check, KeyPrincipal? Principal)> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        if (!KeyFormat.IsWellFormed(presented))
        {
            return (KeyCheck.Unknown, null);
        }

        // The hot path: a key checked in the last CacheTtl. Entries are found by the presented key itself (held in
        // memory only, like the request that carried it) so that a cached check costs no hashing.
        var now = timeProvider.GetTimestamp();
        if (_cache.TryGetValue(presented, out var cached) && timeProvider.GetElapsedTime(cached.At, now) < CacheTtl)
        {
            RecordUse(cached, now);
            return (cached.Check, cached.Principal);
        }

        var hash = KeyFormat.Hash(presented);
        var prefix = KeyFormat.PrefixOf(presented);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || !CryptographicOperations.FixedTimeEquals(row.Hash, hash))
        {
            // Not cached: anyone can make up keys, and they must not crowd out the checks of real ones.
            return (KeyCheck.Unknown, null);
        }

        var principal = new KeyPrincipal(row.Id, row.AccountId, row.ServerId, row.Scope, row.Prefix);
        var entry = new CacheEntry(row.RevokedAt is null ? KeyCheck.Valid : KeyCheck.Revoked, principal, now);
        if (_cache.Count >= MaxCached)
        {
            EvictExpired(now);
        }

        if (_cache.Count < MaxCached)
        {
            _cache[presented] = entry;
        }

        RecordUse(entry, now);
        return (entry.Check, entry.Principal);
    }

    private void EvictExpired(long now)
    {
        foreach (var (key, cached) in _cache)
        {
            if (timeProvider.GetElapsedTime(cached.At, now) >= CacheTtl)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Notes the key's use, at most once a second per key (last-used times need no finer grain).</summary>
    private void RecordUse(CacheEntry entry, long now)
    {
        if (entry.Check != KeyCheck.Valid)
        {
            return;
        }

        var last = Interlocked.Read(ref entry.LastRecorded);
        if ((last == 0 || timeProvider.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1)) && Interlocked.CompareExchange(ref entry.LastRecorded, now, last) == last)
        {
            usage.Record(entry.Principal!.KeyId);
        }
    }

    /// <summary>Forgets cached checks of a key (after revoking it) so this node refuses it at once.</summary>
    public void Invalidate(string keyId)
    {
        foreach (var (hash, entry) in _cache)
        {
            if (entry.Principal?.KeyId == keyId)
            {
                _cache.TryRemove(hash, out _);
            }
        }
    }

    public static KeyInfo ToInfo(ApiKey key) => new(
        key.Id, key.Name, key.Prefix, Time.ToOffset(key.CreatedAt), Time.ToOffset(key.LastUsedAt), Time.ToOffset(key.RevokedAt));

    private sealed class CacheEntry(KeyCheck check, KeyPrincipal? principal, long at)
    {
        public long LastRecorded;

        public KeyCheck Check { get; } = check;
        public KeyPrincipal? Principal { get; } = principal;
        public long At { get; } = at;
    }
}
