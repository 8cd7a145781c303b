using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Accounts.SignIn;

/// <summary>
/// Accounts behind browser sign-ins: a GitHub identity (the first sign-in creates the account on the Free plan; an
/// account made by <c>signup</c> can link one later) and the local single user of a loopback-only installation.
/// </summary>
internal sealed class ExternalAccounts(IDbContextFactory<BridgeDbContext> dbFactory, AccountDirectory directory, TimeProvider timeProvider)
{
    /// <summary>The fixed id of the local single user's account.</summary>
    public const string LocalAccountId = "acc_local";

    public async Task<SignedInAccount> SignInWithGitHubAsync(GitHubIdentity identity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.GitHubUserId == identity.Id, cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (account is not null)
        {
            // Logins can be renamed on GitHub; the id is what ties the account.
            if (!string.Equals(account.GitHubLogin, identity.Login, StringComparison.Ordinal))
            {
                account.GitHubLogin = identity.Login;
                await db.SaveChangesAsync(cancellationToken);
            }

            return new SignedInAccount(account.Id, identity.Login, account.Name ?? identity.Login, Created: false);
        }

        account = new Account
        {
            Id = Ids.New("acc"),
            Name = Truncate(identity.Name ?? identity.Login, 100),
            PlanId = AccountService.DefaultPlan,
            GitHubUserId = identity.Id,
            GitHubLogin = Truncate(identity.Login, 100),
            CreatedAt = now,
        };
        account.IsAdmin = !await db.Accounts.AnyAsync(cancellationToken);
        db.Accounts.Add(account);
        AuditLog.Add(db, account.Id, $"github:{identity.Login}", "account.create", account.Id,
            account.IsAdmin ? "GitHub sign-in; first account: administrator" : "GitHub sign-in", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first sign-ins of the same user raced (two tabs): the other one created the account.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var existing = await again.Accounts.AsNoTracking().FirstAsync(a => a.GitHubUserId == identity.Id, cancellationToken);
            return new SignedInAccount(existing.Id, identity.Login, existing.Name, Created: false);
        }

        return new SignedInAccount(account.Id, identity.Login, account.Name, Created: true);
    }

    /// <summary>Ties <paramref name="identity"/> to an existing account, so it can sign in with GitHub from now on.</summary>
    public async Task<Result<SignedInAccount>> LinkGitHubAsync(string accountId, GitHubIdentity identity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return ApiError.NotFound("The account");
        }

        var holder = await db.Accounts.AsNoTracking().Where(a => a.GitHubUserId == identity.Id).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        if (holder is not null && holder != accountId)
        {
            return ApiError.Conflict($"The GitHub user '{identity.Login}' already signs in to another account; sign in with it and use that account, or unlink it there first.");
        }

        if (account.GitHubUserId is { } linked && linked != identity.Id)
        {
            return ApiError.Conflict($"This account is already linked to the GitHub user '{account.GitHubLogin}'.");
        }

        account.GitHubUserId = identity.Id;
        account.GitHubLogin = Truncate(identity.Login, 100);
        AuditLog.Add(db, account.Id, $"github:{identity.Login}", "account.link_github", account.Id, identity.Login, timeProvider.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(account.Id);
        return new SignedInAccount(account.Id, identity.Login, account.Name ?? identity.Login, Created: false);
    }

    /// <summary>The local single user's account, created on first use (the first account of an installation administers it).</summary>
    public async Task<SignedInAccount> SignInLocalAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == LocalAccountId, cancellationToken);
        if (account is not null)
        {
            return new SignedInAccount(account.Id, "local", account.Name, Created: false);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        account = new Account { Id = LocalAccountId, Name = "Local user", PlanId = AccountService.DefaultPlan, CreatedAt = now };
        account.IsAdmin = !await db.Accounts.AnyAsync(cancellationToken);
        db.Accounts.Add(account);
        AuditLog.Add(db, account.Id, "web:local", "account.create", account.Id, "local sign-in", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new SignedInAccount(LocalAccountId, "local", "Local user", Created: false);
        }

        return new SignedInAccount(account.Id, "local", account.Name, Created: true);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
