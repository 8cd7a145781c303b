using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Deployment;
using McpBridge.Server.Hosting;
using McpBridge.Server.Plans;
using McpBridge.Server.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Servers;

/// <summary>Creating, listing, showing and deleting hosted servers, within the account's plan.</summary>
internal sealed partial class ServerService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    PlanLimits limits,
    EndpointUrls urls,
    LiveServerRegistry registry,
    ToolService tools,
    IOptions<BridgeOptions> options,
    TimeProvider timeProvider,
    ILogger<ServerService> logger)
{
    public async Task<Result<ServerInfo>> CreateAsync(Caller caller, CreateServerRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            return ApiError.Validation("name", name.Length == 0 ? "is required." : "must be at most 100 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await limits.PlanOfAsync(caller.AccountId, cancellationToken);
        var count = await db.Servers.CountAsync(s => s.AccountId == caller.AccountId, cancellationToken);
        if (await limits.CheckNewServerAsync(plan, count, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var slug = SlugRules.FromName(name);
        // One namespace with tunnel names: both live at {label}.{host}.
        for (var attempt = 0; await db.Servers.AnyAsync(s => s.Slug == slug, cancellationToken) || await db.TunnelNames.AnyAsync(t => t.Name == slug, cancellationToken); attempt++)
        {
            slug = SlugRules.WithSuffix(SlugRules.FromName(name));
            if (attempt > 10)
            {
                return ApiError.Conflict("Could not find a free address for this name; try another name.");
            }
        }

        var server = new HostedServer
        {
            Id = Ids.New("srv"),
            AccountId = caller.AccountId,
            Name = name,
            Slug = slug,
            Status = ServerStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Servers.Add(server);
        AuditLog.Add(db, caller.AccountId, caller.Actor, "server.create", server.Id, $"{name} ({slug})", now);
        await db.SaveChangesAsync(cancellationToken);
        return ToInfo(server, 0);
    }

    public async Task<IReadOnlyList<ServerInfo>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var servers = await db.Servers.AsNoTracking().Where(s => s.AccountId == caller.AccountId).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var ids = servers.Select(s => s.Id).ToArray();
        var counts = await db.ServerTools.AsNoTracking().Where(t => ids.Contains(t.ServerId)).GroupBy(t => t.ServerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return servers.Select(s => ToInfo(s, counts.GetValueOrDefault(s.Id))).ToArray();
    }

    public async Task<Result<ServerDetail>> GetAsync(Caller caller, string idOrSlug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var server = await db.FindOwnedAsync(caller, idOrSlug, cancellationToken, withTools: true);
        if (server is null)
        {
            return ApiError.NotFound($"Server '{idOrSlug}'");
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.ServerId == server.Id).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        var versions = await db.ServerVersions.AsNoTracking().Where(v => v.ServerId == server.Id).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        return new ServerDetail(
            ToInfo(server, server.Tools.Count),
            server.Tools.OrderBy(t => t.Position).Select(tools.ToInfo).ToArray(),
            keys.Select(Keys.KeyService.ToInfo).ToArray(),
            versions.Select(v => new VersionInfo(v.Version, Time.ToOffset(v.CreatedAt), v.ToolCount, v.Version == server.LiveVersion)).ToArray());
    }

    /// <summary>Ready-to-paste client configurations: only the slug is needed (and its endpoints).</summary>
    public async Task<Result<SnippetSet>> GetSnippetsAsync(Caller caller, string idOrSlug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var slug = await db.Servers.AsNoTracking().Owned(caller, idOrSlug).Select(s => s.Slug).FirstOrDefaultAsync(cancellationToken);
        return slug is null ? ApiError.NotFound($"Server '{idOrSlug}'") : SnippetBuilder.Build(slug, urls.For(slug));
    }

    public async Task<Result<bool>> DeleteAsync(Caller caller, string idOrSlug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var server = await db.FindOwnedAsync(caller, idOrSlug, cancellationToken);
        if (server is null)
        {
            return ApiError.NotFound($"Server '{idOrSlug}'");
        }

        db.Servers.Remove(server);
        AuditLog.Add(db, caller.AccountId, caller.Actor, "server.delete", server.Id, $"{server.Name} ({server.Slug})", timeProvider.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await registry.DeactivateAsync(server.Id, server.Slug);

        var folder = Path.Combine(options.Value.ServersDirectory, server.Id);
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.FolderNotDeleted(logger, server.Id, ex);
        }

        return true;
    }

    public ServerInfo ToInfo(HostedServer server, int toolCount) => new(
        server.Id, server.Name, server.Slug, server.Status, server.LiveVersion, toolCount, urls.For(server.Slug),
        Time.ToOffset(server.CreatedAt), Time.ToOffset(server.LastActiveAt));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not delete the folder of deleted server {ServerId}")]
        public static partial void FolderNotDeleted(ILogger logger, string serverId, Exception exception);
    }
}

internal static class ServerStatus
{
    public const string Draft = "draft";
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Error = "error";
}
