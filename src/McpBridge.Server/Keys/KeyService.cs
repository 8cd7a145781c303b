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

        var hash = KeyFormat.Hash(presented);
        var cacheKey = Convert.ToHexString(hash);
        var now = timeProvider.GetTimestamp();
        if (_cache.TryGetValue(cacheKey, out var cached) && timeProvider.GetElapsedTime(cached.At, now) < CacheTtl)
        {
            if (cached.Check == KeyCheck.Valid)
            {
                usage.Record(cached.Principal!.KeyId);
            }

            return (cached.Check, cached.Principal);
        }

        var prefix = KeyFormat.PrefixOf(presented);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        CacheEntry entry;
        if (row is null || !CryptographicOperations.FixedTimeEquals(row.Hash, hash))
        {
            entry = new CacheEntry(KeyCheck.Unknown, null, now);
        }
        else
        {
            var principal = new KeyPrincipal(row.Id, row.AccountId, row.ServerId, row.Scope, row.Prefix);
            entry = new CacheEntry(row.RevokedAt is null ? KeyCheck.Valid : KeyCheck.Revoked, principal, now);
        }

        if (_cache.Count > 100_000)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = entry;
        if (entry.Check == KeyCheck.Valid)
        {
            usage.Record(entry.Principal!.KeyId);
        }

        return (entry.Check, entry.Principal);
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

    private sealed record CacheEntry(KeyCheck Check, KeyPrincipal? Principal, long At);
}
