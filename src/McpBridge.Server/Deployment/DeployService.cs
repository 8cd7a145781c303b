using System.Collections.Concurrent;
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
    PlanCatalog plans,
    SecretProtector secrets,
    LiveServerRegistry registry,
    EndpointUrls urls,
    TimeProvider timeProvider)
{
    /// <summary>How long a deploy waits for its sources to list their tools before answering.</summary>
    public static readonly TimeSpan SourceWait = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<Result<DeployResponse>> DeployAsync(Caller caller, string server, DeployRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken, withTools: true);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var gate = _locks.GetOrAdd(row.Id, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
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

                version = existing;
                rolledBackTo = requested;
                AuditLog.Add(db, caller.AccountId, caller.Actor, "server.rollback", row.Id, $"v{row.LiveVersion} -> v{requested}", now);
            }
            else
            {
                var problem = await ValidateDraftAsync(caller, row, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var tools = row.Tools.OrderBy(t => t.Position)
                    .Select(t => new DeployedTool(t.Id, t.ConnectorId, t.Name, t.ConfigJson, t.SecretsProtected)).ToArray();
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
            await db.SaveChangesAsync(cancellationToken);

            var live = await registry.ActivateAsync(row, version, cancellationToken);
            var probed = await live.Composite.ProbeSourcesAsync(SourceWait, cancellationToken);
            var toolNames = await live.Composite.ListToolNamesAsync(cancellationToken);
            var statuses = probed.Select(p => new SourceStatus(
                p.Source.Name, p.Source.ConnectorId, StatusText(p.State.Status), p.ToolCount, p.State.Error)).ToArray();

            live.Meter.Log("info", "deploy", rolledBackTo is null
                ? $"Deployed version {version.Version}: {toolNames.Count} tools from {statuses.Length} sources."
                : $"Rolled back to version {version.Version}: {toolNames.Count} tools from {statuses.Length} sources.");
            foreach (var failed in statuses.Where(s => s.Status == "failed"))
            {
                live.Meter.Log("error", "source", $"Source '{failed.Name}' ({failed.Connector}) failed at deploy: {failed.Error}");
            }

            return new DeployResponse(version.Version, new DateTimeOffset(now), urls.For(row.Slug), statuses, toolNames, rolledBackTo);
        }
        finally
        {
            gate.Release();
        }
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

    /// <summary>Checks the draft again: connectors may have left the catalog or the plan may have changed since tools were added.</summary>
    private async Task<ApiError?> ValidateDraftAsync(Caller caller, HostedServer row, CancellationToken cancellationToken)
    {
        var account = await plans.GetAsync((await AccountPlanAsync(caller, cancellationToken)), cancellationToken);
        if (account.MaxToolsPerServer is { } max && row.Tools.Count > max)
        {
            var upgrade = await plans.UpgradeForAsync(account, p => p.MaxToolsPerServer, cancellationToken);
            return ApiError.PlanLimit(
                $"Your {account.Name} plan allows {max} tools per server and '{row.Name}' has {row.Tools.Count}. Remove tools" +
                (upgrade is null ? "." : $" or upgrade to {upgrade.Name}."), "tools_per_server", account.Id, upgrade?.Id ?? string.Empty);
        }

        var errors = new Dictionary<string, string[]>();
        foreach (var tool in row.Tools)
        {
            if (!catalog.TryGet(tool.ConnectorId, out var connector))
            {
                errors[$"tools.{tool.Name}"] = [$"connector '{tool.ConnectorId}' is no longer in the catalog; remove this tool."];
                continue;
            }

            if (connector.Premium && !account.PremiumConnectors)
            {
                errors[$"tools.{tool.Name}"] = [$"{connector.Name} is a premium connector, not included in the {account.Name} plan."];
                continue;
            }

            var result = ConfigValidation.Validate(connector.ConfigSchema, secrets.Reveal(tool.ConfigJson, tool.SecretsProtected));
            foreach (var (field, messages) in result.Errors)
            {
                errors[$"tools.{tool.Name}.config.{field}".TrimEnd('.')] = messages;
            }
        }

        return errors.Count == 0 ? null : ApiError.Validation(errors, "The draft has tools that cannot be deployed.");
    }

    private async Task<string> AccountPlanAsync(Caller caller, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Accounts.Where(a => a.Id == caller.AccountId).Select(a => a.PlanId).FirstAsync(cancellationToken);
    }

    private static string StatusText(SourceHealth status) => status switch
    {
        SourceHealth.Ready or SourceHealth.Idle => "ready",
        SourceHealth.Starting => "starting",
        _ => "failed",
    };
}
