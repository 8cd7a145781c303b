using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors;
using SourceHealth = McpBridge.Mcp.Sources.SourceStatus;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Plans;
using McpBridge.Server.Servers;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Deployment;

/// <summary>
/// Deploy: validates the draft, stores it as an immutable numbered version, commits, then swaps the live snapshot
/// (no restart; open sessions are told their lists changed). Deploying an earlier version rolls back to it.
/// </summary>
internal sealed class DeployService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    ConnectorCatalog catalog,
    PlanLimits limits,
    SecretProtector secrets,
    LiveServerRegistry registry,
    EndpointUrls urls,
    ServerService servers,
    TimeProvider timeProvider)
{
    /// <summary>How long a deploy waits for its sources to list their tools before answering.</summary>
    public static readonly TimeSpan SourceWait = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>
    /// Deploys the draft (or rolls back to <see cref="DeployRequest.Version"/>). <paramref name="progress"/>, when given,
    /// hears each step as it happens: the checks, the saved version, the sources starting, each source's outcome.
    /// </summary>
    public Task<Result<DeployResponse>> DeployAsync(Caller caller, string server, DeployRequest request, CancellationToken cancellationToken, IProgress<DeployStep>? progress = null) =>
        UnderServerLockAsync(caller, server, (db, row) => DeployLockedAsync(db, row, caller, request, progress, cancellationToken), cancellationToken);

    /// <summary>
    /// Stops serving a deployed server (its endpoint answers 503 until started again) or starts it again with its live
    /// version. Keys, versions and the draft are untouched.
    /// </summary>
    public Task<Result<ServerInfo>> SetRunningAsync(Caller caller, string server, bool running, CancellationToken cancellationToken) =>
        UnderServerLockAsync(caller, server, (db, row) => SetRunningLockedAsync(db, row, caller, running), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on one of the caller's servers, one call at a time per server. The row (with its
    /// tools) is read under the lock: a call that waited for another one must see what that one saved.
    /// </summary>
    private async Task<Result<T>> UnderServerLockAsync<T>(Caller caller, string server, Func<BridgeDbContext, HostedServer, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var serverId = await db.Servers.AsNoTracking().Owned(caller, server).Select(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        if (serverId is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var gate = _locks.GetOrAdd(serverId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var row = await db.FindOwnedAsync(caller, serverId, cancellationToken, withTools: true);
            if (row is null)
            {
                return ApiError.NotFound($"Server '{server}'");
            }

            return await work(db, row);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Result<DeployResponse>> DeployLockedAsync(BridgeDbContext db, HostedServer row, Caller caller, DeployRequest request, IProgress<DeployStep>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(DeployStep.Running("Checking the tools against your plan and their settings"));
        var plan = await limits.PlanOfAsync(caller.AccountId, cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        ServerVersion version;
        int? rolledBackTo = null;
        if (request.Version is { } requested)
        {
            var existing = await db.ServerVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ServerId == row.Id && v.Version == requested, cancellationToken);
            if (existing is null)
            {
                return ApiError.Validation("version", $"server '{row.Name}' has no version {requested}; see GET /api/v1/servers/{row.Id}/versions.");
            }

            // The plan or the catalog may have changed since this version was made: rolling back must not bring back
            // what the plan no longer allows.
            var problem = await ValidateAsync(plan, $"version {requested} of '{row.Name}'", $"Version {requested}", LiveServerRegistry.Tools(existing), cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            version = existing;
            rolledBackTo = requested;
            AuditLog.Add(db, caller.AccountId, caller.Actor, "server.rollback", row.Id, $"v{row.LiveVersion} -> v{requested}", now);
        }
        else
        {
            var tools = row.Tools.OrderBy(t => t.Position)
                .Select(t => new DeployedTool(t.Id, t.ConnectorId, t.Name, t.ConfigJson, t.SecretsProtected)).ToArray();
            var problem = await ValidateAsync(plan, $"'{row.Name}'", "The draft", tools, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var next = (await db.ServerVersions.Where(v => v.ServerId == row.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0) + 1;
            version = new ServerVersion
            {
                ServerId = row.Id,
                Version = next,
                SnapshotJson = JsonSerializer.Serialize(tools, JsonSerializerOptions.Web),
                ToolCount = tools.Length,
                CreatedAt = now,
                CreatedBy = caller.Actor,
            };
            db.ServerVersions.Add(version);
            AuditLog.Add(db, caller.AccountId, caller.Actor, "server.deploy", row.Id, $"v{next}: {string.Join(", ", tools.Select(t => t.Name))}", now);
        }

        row.LiveVersion = version.Version;
        row.Status = ServerStatus.Running;
        row.UpdatedAt = now;

        // From here on the client going away cancels nothing: once the database says this version is live, this
        // node must serve it. (Probing and listing are bounded by SourceWait and the composite's own waits.)
        await db.SaveChangesAsync(CancellationToken.None);
        progress?.Report(DeployStep.Ok("Checked the tools against your plan and their settings"));
        progress?.Report(DeployStep.Ok(rolledBackTo is null ? $"Saved the draft as version {version.Version}" : $"Version {version.Version} chosen again"));
        progress?.Report(DeployStep.Running($"Starting {version.ToolCount} tool source{(version.ToolCount == 1 ? "" : "s")} (up to {SourceWait.TotalSeconds:0} s)"));
        var live = await registry.ActivateAsync(row, version);
        var probed = await live.Composite.ProbeSourcesAsync(SourceWait, CancellationToken.None);
        var toolNames = await live.Composite.ListToolNamesAsync(CancellationToken.None);
        var statuses = probed.Select(p => new SourceStatus(
            p.Source.Name, p.Source.ConnectorId, StatusText(p.State.Status), p.ToolCount, p.State.Error)).ToArray();
        foreach (var status in statuses)
        {
            progress?.Report(status.Status == "failed"
                ? DeployStep.Failed($"{status.Name} ({status.Connector}) failed: {status.Error}")
                : DeployStep.Ok($"{status.Name} ({status.Connector}): {status.ToolCount} tool{(status.ToolCount == 1 ? "" : "s")} {(status.Status == "starting" ? "(still starting)" : "ready")}"));
        }

        live.Meter.Log("info", "deploy", rolledBackTo is null
            ? $"Deployed version {version.Version}: {toolNames.Count} tools from {statuses.Length} sources."
            : $"Rolled back to version {version.Version}: {toolNames.Count} tools from {statuses.Length} sources.");
        foreach (var failed in statuses.Where(s => s.Status == "failed"))
        {
            live.Meter.Log("error", "source", $"Source '{failed.Name}' ({failed.Connector}) failed at deploy: {failed.Error}");
        }

        return new DeployResponse(version.Version, new DateTimeOffset(now), urls.For(row.Slug), statuses, toolNames, rolledBackTo);
    }

    private async Task<Result<ServerInfo>> SetRunningLockedAsync(BridgeDbContext db, HostedServer row, Caller caller, bool running)
    {
        if (row.LiveVersion is not { } liveVersion)
        {
            return ApiError.Conflict($"Server '{row.Name}' has never been deployed: deploy it first.");
        }

        var wanted = running ? ServerStatus.Running : ServerStatus.Stopped;
        if (row.Status != wanted)
        {
            var now = timeProvider.GetUtcNow().UtcDateTime;
            row.Status = wanted;
            row.UpdatedAt = now;
            AuditLog.Add(db, caller.AccountId, caller.Actor, running ? "server.start" : "server.stop", row.Id, $"v{liveVersion}", now);
            await db.SaveChangesAsync(CancellationToken.None);
            if (running)
            {
                var version = await db.ServerVersions.AsNoTracking().FirstAsync(v => v.ServerId == row.Id && v.Version == liveVersion, CancellationToken.None);
                var live = await registry.ActivateAsync(row, version);
                live.Meter.Log("info", "lifecycle", $"Started (version {liveVersion}).");
            }
            else
            {
                await registry.DeactivateAsync(row.Id, row.Slug, stopped: true);
            }
        }

        return servers.ToInfo(row, row.Tools.Count);
    }

    public async Task<Result<IReadOnlyList<VersionInfo>>> ListVersionsAsync(Caller caller, string server, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var versions = await db.ServerVersions.AsNoTracking().Where(v => v.ServerId == row.Id).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        return versions.Select(v => new VersionInfo(v.Version, Time.ToOffset(v.CreatedAt), v.ToolCount, v.Version == row.LiveVersion)).ToArray();
    }

    /// <summary>
    /// Checks tools about to go live (the draft, or an earlier version): connectors may have left the catalog, and the
    /// plan may have changed, since they were added. <paramref name="what"/> and <paramref name="whose"/> name them in messages.
    /// </summary>
    private async Task<ApiError?> ValidateAsync(Plan plan, string what, string whose, IReadOnlyList<DeployedTool> tools, CancellationToken cancellationToken)
    {
        if (await limits.CheckToolsAsync(plan, what, tools.Count, adding: false, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        var errors = new Dictionary<string, string[]>();
        foreach (var tool in tools)
        {
            if (!catalog.TryGet(tool.ConnectorId, out var connector))
            {
                errors[$"tools.{tool.Name}"] = [$"connector '{tool.ConnectorId}' is no longer in the catalog; remove this tool."];
                continue;
            }

            if (await limits.CheckConnectorAsync(plan, connector, cancellationToken) is { } premium)
            {
                return premium;
            }

            JsonObject config;
            try
            {
                config = secrets.Reveal(tool.ConfigJson, tool.SecretsProtected);
            }
            catch (CryptographicException)
            {
                // The Data Protection keys that encrypted them are gone (a new data folder, say).
                errors[$"tools.{tool.Name}"] = ["its secrets can no longer be decrypted on this server; remove the tool and add it again."];
                continue;
            }

            var result = ConfigValidation.Validate(connector.ConfigSchema, config);
            foreach (var (field, messages) in result.Errors)
            {
                errors[$"tools.{tool.Name}.config.{field}".TrimEnd('.')] = messages;
            }
        }

        return errors.Count == 0 ? null : ApiError.Validation(errors, $"{whose} has tools that cannot be deployed.");
    }

    private static string StatusText(SourceHealth status) => status switch
    {
        SourceHealth.Ready or SourceHealth.Idle => "ready",
        SourceHealth.Starting => "starting",
        _ => "failed",
    };
}
