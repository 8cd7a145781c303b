using System.Collections.Concurrent;
using McpBridge.Server.Data;
using McpBridge.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Accounts;

/// <summary>Short-lived cache of what the hot paths need to know about an account: its plan and whether it is an admin.</summary>
internal sealed class AccountDirectory(IDbContextFactory<BridgeDbContext> dbFactory, IOptions<BridgeOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (AccountFacts Facts, long At)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<AccountFacts?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(accountId, out var cached) && timeProvider.GetElapsedTime(cached.At) < s_ttl)
        {
            return cached.Facts;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Id, a.PlanId, a.IsAdmin })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var facts = new AccountFacts(row.Id, row.PlanId, IsAdmin(row.Id, row.IsAdmin));
        _cache[accountId] = (facts, timeProvider.GetTimestamp());
        return facts;
    }

    public async ValueTask<bool> IsAdminAsync(string accountId, CancellationToken cancellationToken) =>
        (await GetAsync(accountId, cancellationToken))?.IsAdmin == true;

    /// <summary>
    /// Whether an account administers the installation: the first account ever created (<paramref name="stored"/>,
    /// set at sign-up) or one the operator lists in <see cref="BridgeOptions.AdminAccounts"/>.
    /// </summary>
    public bool IsAdmin(string accountId, bool stored) => stored || options.Value.AdminAccounts.Contains(accountId);

    public void Invalidate(string accountId) => _cache.TryRemove(accountId, out _);
}

internal sealed record AccountFacts(string Id, string PlanId, bool IsAdmin);
