using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using McpBridge.Protocol.Api;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Keys;
using McpBridge.Server.Plans;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels;

/// <summary>
/// The tunnel_names table and its rules: reserving and releasing persistent names within the plan, issuing and
/// resuming temporary ones within the plan or the anonymous per-address limits, and whether a name exists.
/// </summary>
/// <remarks>
/// Every check-then-insert runs under one lock, so concurrent requests on this node never overshoot a limit; a race
/// with another node on the same name ends in the unique index and a 409. Name changes are rare next to requests.
/// </remarks>
internal sealed class TunnelNameStore(
    IDbContextFactory<BridgeDbContext> dbFactory,
    PlanLimits limits,
    ITunnelPresence presence,
    IOptions<TunnelOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>How long <see cref="ExistsAsync"/> trusts what it read.</summary>
    public static readonly TimeSpan ExistsCacheTtl = TimeSpan.FromSeconds(10);

    /// <summary>The window of <see cref="TunnelOptions.AnonymousPerAddressPerHour"/>; rows are kept at least this long.</summary>
    private static readonly TimeSpan s_creationWindow = TimeSpan.FromHours(1);
    private const string TokenAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int MaxCachedNames = 100_000;
    private const int IssueAttempts = 5;

    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly ConcurrentDictionary<string, CachedName> _exists = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Name, DateTime At)> _disconnects = new();

    /// <summary>
    /// Reserves <paramref name="name"/> (normalized) for the account, or finds it already reserved by it
    /// (<c>Created</c> false). Refuses invalid names (400), names of another account or a hosted server (409) and
    /// names over the plan's limit (403).
    /// </summary>
    public async Task<Result<(TunnelName Row, bool Created)>> ReserveAsync(string accountId, string actor, Plan plan, string name, CancellationToken cancellationToken)
    {
        if (TunnelNameRules.Validate(name) is { } invalid)
        {
            return ApiError.Validation("name", invalid);
        }

        // Agents reconnect with names they already hold: no lock for that.
        if (await FindAsync(name, cancellationToken) is { } held && Owned(held, accountId))
        {
            return (held, false);
        }

        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var existing = await db.TunnelNames.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
            if (existing is not null)
            {
                return Owned(existing, accountId) ? (existing, false) : Taken(name);
            }

            if (await db.Servers.AnyAsync(s => s.Slug == name, cancellationToken))
            {
                return ApiError.Conflict($"'{name}' is the address of a hosted server (tunnels and servers share one namespace); choose another name.");
            }

            var reserved = await db.TunnelNames.CountAsync(t => t.AccountId == accountId && !t.Temporary, cancellationToken);
            if (await limits.CheckNewPersistentTunnelAsync(plan, reserved, cancellationToken) is { } refused)
            {
                return refused;
            }

            var now = timeProvider.GetUtcNow().UtcDateTime;
            var row = new TunnelName { Id = Ids.New("tun"), Name = name, AccountId = accountId, Temporary = false, CreatedAt = now };
            db.TunnelNames.Add(row);
            AuditLog.Add(db, accountId, actor, "tunnel.reserve", row.Id, name, now);
            if (!await TrySaveAsync(db, name, cancellationToken))
            {
                return Taken(name);
            }

            _exists.TryRemove(name, out _);
            return (row, true);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Releases one of the account's names (persistent or temporary); 404 when it is not the account's.</summary>
    public async Task<Result<TunnelName>> ReleaseAsync(string accountId, string actor, string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var row = await db.TunnelNames.FirstOrDefaultAsync(t => t.Name == name && t.AccountId == accountId, cancellationToken);
        if (row is null || IsExpired(row, now))
        {
            return ApiError.NotFound($"Tunnel '{name}'");
        }

        db.TunnelNames.Remove(row);
        AuditLog.Add(db, accountId, actor, "tunnel.release", row.Id, name, now);
        await db.SaveChangesAsync(cancellationToken);
        _exists.TryRemove(name, out _);
        return row;
    }

    /// <summary>The live temporary name whose resume token is <paramref name="token"/>, or null.</summary>
    public async Task<TunnelName?> ResumeAsync(string token, CancellationToken cancellationToken)
    {
        var hash = KeyFormat.Hash(token);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.TunnelNames.AsNoTracking()
            .FirstOrDefaultAsync(t => t.ResumeTokenHash == hash && t.Temporary && t.ExpiresAt > now, cancellationToken);

        // The index found it by hash; compare in constant time anyway, as KeyService does.
        return row?.ResumeTokenHash is { } stored && CryptographicOperations.FixedTimeEquals(stored, hash) ? row : null;
    }

    /// <summary>
    /// Issues a new temporary name (<c>temp-xxxxxxxx</c>, or <c>temp-{part}-xxxxxx</c>) with a resume token, within
    /// the account's plan (<paramref name="plan"/> set) or the anonymous per-address limits (<paramref name="accountId"/> null).
    /// </summary>
    public async Task<Result<(TunnelName Row, string ResumeToken)>> IssueTemporaryAsync(
        string? accountId, string? actor, Plan? plan, string? part, string addressKey, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(part) && TunnelNameRules.ValidateTemporaryPart(part) is { } invalid)
        {
            return ApiError.Validation("name", invalid);
        }

        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var refused = accountId is not null && plan is not null
                ? await limits.CheckTemporaryTunnelsAsync(plan, presence.CountLive(l => l.Temporary && l.AccountId == accountId), cancellationToken)
                : await CheckAnonymousAsync(db, addressKey, now, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            for (var attempt = 0; attempt < IssueAttempts; attempt++)
            {
                var name = TunnelNameRules.NewTemporaryName(part);
                if (await db.TunnelNames.AnyAsync(t => t.Name == name, cancellationToken))
                {
                    continue;
                }

                var token = RandomNumberGenerator.GetString(TokenAlphabet, 43);
                var row = new TunnelName
                {
                    Id = Ids.New("tun"),
                    Name = name,
                    AccountId = accountId,
                    Temporary = true,
                    CreatedAt = now,
                    ExpiresAt = now + options.Value.TemporaryLifetime,
                    ResumeTokenHash = KeyFormat.Hash(token),
                    CreatorAddress = addressKey,
                    LastConnectedAt = now,
                };
                db.TunnelNames.Add(row);
                if (accountId is not null)
                {
                    AuditLog.Add(db, accountId, actor ?? "agent", "tunnel.temporary", row.Id, name, now);
                }

                if (await TrySaveAsync(db, name, cancellationToken))
                {
                    _exists.TryRemove(name, out _);
                    return (row, token);
                }

                db.ChangeTracker.Clear();
            }

            return ApiError.Conflict("Could not find a free temporary name; try again.");
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>The account's persistent names and live temporary ones, persistent first, then by name.</summary>
    public async Task<IReadOnlyList<TunnelName>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TunnelNames.AsNoTracking()
            .Where(t => t.AccountId == accountId && (!t.Temporary || t.ExpiresAt > now))
            .OrderBy(t => t.Temporary).ThenBy(t => t.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Notes that an agent connected with <paramref name="name"/> now.</summary>
    public async Task TouchAsync(string name, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.TunnelNames.Where(t => t.Name == name).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastConnectedAt, now), cancellationToken);
    }

    /// <summary>Notes that an agent was connected with <paramref name="name"/> until now (written by <see cref="WriteDisconnectsAsync"/>).</summary>
    public void NoteDisconnected(string name) => _disconnects.Enqueue((name, timeProvider.GetUtcNow().UtcDateTime));

    /// <summary>Writes the times noted by <see cref="NoteDisconnected"/>.</summary>
    public async Task WriteDisconnectsAsync(CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        while (_disconnects.TryDequeue(out var item))
        {
            if (!latest.TryGetValue(item.Name, out var at) || at < item.At)
            {
                latest[item.Name] = item.At;
            }
        }

        if (latest.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var (name, at) in latest)
        {
            await db.TunnelNames.Where(t => t.Name == name && (t.LastConnectedAt == null || t.LastConnectedAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastConnectedAt, at), cancellationToken);
        }
    }

    /// <summary>Deletes expired temporary names (kept for the per-hour window first). Returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var createdBefore = now - s_creationWindow;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var swept = await db.TunnelNames.Where(t => t.Temporary && t.ExpiresAt < now && t.CreatedAt < createdBefore).ExecuteDeleteAsync(cancellationToken);
        foreach (var (name, cached) in _exists)
        {
            if (cached.ExpiresAt is { } expires && expires <= now)
            {
                _exists.TryRemove(name, out _);
            }
        }

        return swept;
    }

    /// <summary>Whether a tunnel has this name (an expired temporary name does not count). Read at most every <see cref="ExistsCacheTtl"/>.</summary>
    public async ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        if (!TunnelNameRules.IsWellFormed(name))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var stamp = timeProvider.GetTimestamp();
        if (_exists.TryGetValue(name, out var cached) && timeProvider.GetElapsedTime(cached.At, stamp) < ExistsCacheTtl)
        {
            return cached.Exists && !(cached.ExpiresAt <= now);
        }

        var row = await FindAsync(name, cancellationToken);
        var exists = row is not null && !IsExpired(row, now);
        if (_exists.Count >= MaxCachedNames)
        {
            foreach (var (key, entry) in _exists)
            {
                if (timeProvider.GetElapsedTime(entry.At, stamp) >= ExistsCacheTtl)
                {
                    _exists.TryRemove(key, out _);
                }
            }
        }

        // Made-up names from the public must not crowd out real ones: when full, they are simply not cached.
        if (_exists.Count < MaxCachedNames)
        {
            _exists[name] = new CachedName(exists, exists ? row!.ExpiresAt : null, stamp);
        }

        return exists;
    }

    private async Task<TunnelName?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TunnelNames.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
    }

    private async Task<ApiError?> CheckAnonymousAsync(BridgeDbContext db, string addressKey, DateTime now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.AnonymousPerAddressConcurrent == 0 || o.AnonymousPerAddressPerHour == 0)
        {
            return Anonymous("This server does not offer temporary tunnels without an account.", retryAfter: null);
        }

        // One query for both limits: the address's names still live (some may be connected) and those created within the window.
        var since = now - s_creationWindow;
        var rows = await db.TunnelNames.AsNoTracking()
            .Where(t => t.AccountId == null && t.CreatorAddress == addressKey && ((t.Temporary && t.ExpiresAt > now) || t.CreatedAt > since))
            .Select(t => new { t.Name, t.Temporary, t.ExpiresAt, t.CreatedAt }).ToListAsync(cancellationToken);
        var connected = rows.Count(t => t.Temporary && t.ExpiresAt > now && presence.Find(t.Name) is { Lease.AccountId: null });
        if (connected >= o.AnonymousPerAddressConcurrent)
        {
            return Anonymous(
                string.Create(CultureInfo.InvariantCulture, $"Too many temporary tunnels without an account from your address: at most {o.AnonymousPerAddressConcurrent} may be connected at once. Stop one first"),
                retryAfter: null);
        }

        var created = rows.Where(t => t.CreatedAt > since).Select(t => t.CreatedAt).ToList();
        if (created.Count >= o.AnonymousPerAddressPerHour)
        {
            var retryAfter = created.Min() + s_creationWindow - now;
            return Anonymous(
                string.Create(CultureInfo.InvariantCulture, $"Too many temporary tunnels without an account from your address: at most {o.AnonymousPerAddressPerHour} may be created per hour. Try again in {Math.Ceiling(retryAfter.TotalMinutes):0} min"),
                retryAfter);
        }

        return null;
    }

    private static ApiError Anonymous(string what, TimeSpan? retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many temporary tunnels",
            $"{what}, or sign up (`mcp-bridge signup`) and connect with your account key.")
        {
            Extensions = retryAfter is { } wait
                ? new Dictionary<string, object?> { ["retryAfterSeconds"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) }
                : null,
        };

    private static ApiError Taken(string name) => ApiError.Conflict($"The tunnel name '{name}' is taken by another account; choose another name.");

    private static bool Owned(TunnelName row, string accountId) => !row.Temporary && row.AccountId == accountId;

    private static bool IsExpired(TunnelName row, DateTime now) => row.Temporary && row.ExpiresAt <= now;

    /// <summary>Saves; false when <paramref name="name"/> was taken meanwhile (by another node: the unique index refused it).</summary>
    private async Task<bool> TrySaveAsync(BridgeDbContext db, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            if (await FindAsync(name, cancellationToken) is not null)
            {
                return false;
            }

            throw;
        }
    }

    private sealed record CachedName(bool Exists, DateTime? ExpiresAt, long At);
}
