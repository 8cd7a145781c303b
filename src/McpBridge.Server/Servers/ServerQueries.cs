using McpBridge.Server.Accounts;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Servers;

internal static class ServerQueries
{
    /// <summary>The caller's server by id or slug; another account's server is as good as absent.</summary>
    public static IQueryable<HostedServer> Owned(this IQueryable<HostedServer> servers, Caller caller, string idOrSlug) =>
        servers.Where(s => s.AccountId == caller.AccountId && (s.Id == idOrSlug || s.Slug == idOrSlug));

    /// <inheritdoc cref="Owned"/>
    public static Task<HostedServer?> FindOwnedAsync(this BridgeDbContext db, Caller caller, string idOrSlug, CancellationToken cancellationToken, bool withTools = false)
    {
        var query = withTools ? db.Servers.Include(s => s.Tools) : db.Servers.AsQueryable();
        return query.Owned(caller, idOrSlug).FirstOrDefaultAsync(cancellationToken);
    }
}
