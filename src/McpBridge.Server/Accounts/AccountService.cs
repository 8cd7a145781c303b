using McpBridge.Protocol.Api;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Keys;
using McpBridge.Server.Plans;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Accounts;

/// <summary>Accounts, their API keys, their audit log, and the admin operations on them.</summary>
internal sealed class AccountService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    KeyService keys,
    PlanCatalog plans,
    QuotaCounter quota,
    AccountDirectory directory,
    TimeProvider timeProvider)
{
    public const string DefaultPlan = "free";

    public async Task<Result<SignupResponse>> SignupAsync(SignupRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (name is { Length: > 100 })
        {
            return ApiError.Validation("name", "must be at most 100 characters.");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = new Account
        {
            Id = Ids.New("acc"),
            Name = string.IsNullOrEmpty(name) ? null : name,
            PlanId = DefaultPlan,
            CreatedAt = now,
        };

        // The first account of a fresh installation administers it (others can be named in AdminAccounts). Two sign-ups
        // racing on an empty database could both become administrators; nobody else can sign up there yet.
        account.IsAdmin = !await db.Accounts.AnyAsync(cancellationToken);
        var (key, secret) = keys.NewKey(account.Id, serverId: null, name: "signup");
        db.Accounts.Add(account);
        db.ApiKeys.Add(key);
        AuditLog.Add(db, account.Id, "signup", "account.create", account.Id, account.IsAdmin ? "first account: administrator" : null, now);
        await db.SaveChangesAsync(cancellationToken);
        return new SignupResponse(account.Id, secret, account.PlanId);
    }

    public async Task<Result<AccountInfo>> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == caller.AccountId, cancellationToken);
        if (account is null)
        {
            return ApiError.NotFound("The account");
        }

        var plan = await plans.GetAsync(account.PlanId, cancellationToken);
        var servers = await db.Servers.CountAsync(s => s.AccountId == account.Id, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var calls = await quota.GetUsedAsync(account.Id, now, cancellationToken);
        return new AccountInfo(account.Id, account.Name, PlanCatalog.ToInfo(plan), directory.IsAdmin(account.Id, account.IsAdmin), account.GitHubLogin,
            Time.ToOffset(account.CreatedAt), new AccountUsage(servers, calls, Time.NextMonthStart(now)));
    }

    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(Caller caller, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiKeys.AsNoTracking()
            .Where(k => k.AccountId == caller.AccountId && k.ServerId == null)
            .OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return rows.Select(KeyService.ToInfo).ToArray();
    }

    public async Task<Result<KeyCreated>> CreateKeyAsync(Caller caller, CreateKeyRequest request, CancellationToken cancellationToken)
    {
        if (request.Name is { Length: > 100 })
        {
            return ApiError.Validation("name", "must be at most 100 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (key, secret) = keys.NewKey(caller.AccountId, serverId: null, request.Name);
        db.ApiKeys.Add(key);
        AuditLog.Add(db, caller.AccountId, caller.Actor, "account_key.create", key.Id, key.Name, key.CreatedAt);
        await db.SaveChangesAsync(cancellationToken);
        return new KeyCreated(key.Id, key.Name, secret, key.Prefix, Time.ToOffset(key.CreatedAt));
    }

    public async Task<Result<bool>> RevokeKeyAsync(Caller caller, string keyId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.AccountId == caller.AccountId && k.ServerId == null, cancellationToken);
        if (key is null)
        {
            return ApiError.NotFound($"Account key '{keyId}'");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        key.RevokedAt ??= now;
        AuditLog.Add(db, caller.AccountId, caller.Actor, "account_key.revoke", key.Id, key.Name, now);
        await db.SaveChangesAsync(cancellationToken);
        keys.Invalidate(key.Id);
        return true;
    }

    public async Task<IReadOnlyList<AuditEntryInfo>> AuditAsync(Caller caller, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditLog.AsNoTracking()
            .Where(e => e.AccountId == caller.AccountId)
            .OrderByDescending(e => e.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
        return rows.Select(e => new AuditEntryInfo(Time.ToOffset(e.At), e.Actor, e.Action, e.Target, e.Detail)).ToArray();
    }

    public async Task<IReadOnlyList<AdminAccountInfo>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var servers = await db.Servers.AsNoTracking().GroupBy(s => s.AccountId)
            .Select(g => new { AccountId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.AccountId, g => g.Count, cancellationToken);
        return accounts.Select(a => new AdminAccountInfo(a.Id, a.Name, a.PlanId, directory.IsAdmin(a.Id, a.IsAdmin), servers.GetValueOrDefault(a.Id), Time.ToOffset(a.CreatedAt))).ToArray();
    }

    public async Task<Result<AdminAccountInfo>> SetPlanAsync(Caller admin, string accountId, SetPlanRequest request, CancellationToken cancellationToken)
    {
        var all = await plans.AllAsync(cancellationToken);
        var plan = all.FirstOrDefault(p => string.Equals(p.Id, request.Plan?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (plan is null)
        {
            return ApiError.Validation("plan", $"must be one of: {string.Join(", ", all.Select(p => p.Id))}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return ApiError.NotFound($"Account '{accountId}'");
        }

        var previous = account.PlanId;
        account.PlanId = plan.Id;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        AuditLog.Add(db, account.Id, $"admin:{admin.AccountId}", "account.set_plan", account.Id, $"{previous} -> {plan.Id}", now);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(account.Id);
        var servers = await db.Servers.CountAsync(s => s.AccountId == account.Id, cancellationToken);
        return new AdminAccountInfo(account.Id, account.Name, account.PlanId, directory.IsAdmin(account.Id, account.IsAdmin), servers, Time.ToOffset(account.CreatedAt));
    }
}
