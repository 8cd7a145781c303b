using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Servers;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Keys;

/// <summary>Keys that open one server's MCP endpoint: created and rotated (shown once), listed, revoked.</summary>
internal sealed class ServerKeyService(IDbContextFactory<BridgeDbContext> dbFactory, KeyService keys, TimeProvider timeProvider)
{
    public async Task<Result<IReadOnlyList<KeyInfo>>> ListAsync(Caller caller, string server, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var rows = await db.ApiKeys.AsNoTracking().Where(k => k.ServerId == row.Id).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return rows.Select(KeyService.ToInfo).ToArray();
    }

    public async Task<Result<KeyCreated>> CreateAsync(Caller caller, string server, CreateKeyRequest request, CancellationToken cancellationToken)
    {
        if (request.Name is { Length: > 100 })
        {
            return ApiError.Validation("name", "must be at most 100 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var (key, secret) = keys.NewKey(caller.AccountId, row.Id, request.Name);
        db.ApiKeys.Add(key);
        AuditLog.Add(db, caller.AccountId, caller.Actor, "server_key.create", row.Id, $"{key.Prefix} {key.Name}".Trim(), key.CreatedAt);
        await db.SaveChangesAsync(cancellationToken);
        return new KeyCreated(key.Id, key.Name, secret, key.Prefix, Time.ToOffset(key.CreatedAt));
    }

    /// <summary>Replaces a key: a new one (same name) is created and the old one revoked, in one transaction.</summary>
    public async Task<Result<KeyCreated>> RotateAsync(Caller caller, string server, string keyId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var old = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ServerId == row.Id, cancellationToken);
        if (old is null)
        {
            return ApiError.NotFound($"Key '{keyId}' of server '{row.Name}'");
        }

        if (old.RevokedAt is not null)
        {
            return ApiError.Conflict($"Key '{keyId}' is already revoked; create a new key instead.");
        }

        var (key, secret) = keys.NewKey(caller.AccountId, row.Id, old.Name);
        old.RevokedAt = key.CreatedAt;
        db.ApiKeys.Add(key);
        AuditLog.Add(db, caller.AccountId, caller.Actor, "server_key.rotate", row.Id, $"{old.Prefix} -> {key.Prefix}", key.CreatedAt);
        await db.SaveChangesAsync(cancellationToken);
        keys.Invalidate(old.Id);
        return new KeyCreated(key.Id, key.Name, secret, key.Prefix, Time.ToOffset(key.CreatedAt));
    }

    public async Task<Result<bool>> RevokeAsync(Caller caller, string server, string keyId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ServerId == row.Id, cancellationToken);
        if (key is null)
        {
            return ApiError.NotFound($"Key '{keyId}' of server '{row.Name}'");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        key.RevokedAt ??= now;
        AuditLog.Add(db, caller.AccountId, caller.Actor, "server_key.revoke", row.Id, key.Prefix, now);
        await db.SaveChangesAsync(cancellationToken);
        keys.Invalidate(key.Id);
        return true;
    }
}
