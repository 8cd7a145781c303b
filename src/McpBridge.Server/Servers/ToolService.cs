using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpBridge.Connectors;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Plans;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Servers;

/// <summary>A server's draft tools: add (validated against the connector's schema, secrets encrypted), list, remove.</summary>
internal sealed partial class ToolService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    ConnectorCatalog catalog,
    PlanLimits limits,
    SecretProtector secrets,
    TimeProvider timeProvider)
{
    public async Task<Result<IReadOnlyList<ToolInfo>>> ListAsync(Caller caller, string server, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken, withTools: true);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        return row.Tools.OrderBy(t => t.Position).Select(ToInfo).ToArray();
    }

    public async Task<Result<ToolInfo>> AddAsync(Caller caller, string server, AddToolRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Connector))
        {
            return ApiError.Validation("connector", "is required: a connector id from GET /api/v1/catalog.");
        }

        if (!catalog.TryGet(request.Connector.Trim(), out var connector))
        {
            return ApiError.Validation("connector", $"'{request.Connector}' is not in the catalog; see GET /api/v1/catalog for the connector ids.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken, withTools: true);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var plan = await limits.PlanOfAsync(caller.AccountId, cancellationToken);
        var refused = await limits.CheckConnectorAsync(plan, connector, cancellationToken)
            ?? await limits.CheckToolsAsync(plan, $"'{row.Name}'", row.Tools.Count, adding: true, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var name = request.Name?.Trim();
        if (name is not null && !NamePattern().IsMatch(name))
        {
            return ApiError.Validation("name", "must be 1–64 characters: lowercase letters, digits, '-' or '_', starting with a letter.");
        }

        if (name is not null && row.Tools.Any(t => t.Name == name))
        {
            return ApiError.Conflict($"Server '{row.Name}' already has a tool named '{name}'. Pick another name with \"name\".");
        }

        name ??= UniqueName(connector.Id, row.Tools);
        JsonNode? config = request.Config is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } element
            ? JsonNode.Parse(element.GetRawText())
            : null;
        var validation = ConfigValidation.Validate(connector.ConfigSchema, config);
        if (!validation.IsValid)
        {
            return ApiError.Validation(
                validation.Errors.ToDictionary(e => e.Key.Length == 0 ? "config" : $"config.{e.Key}", e => e.Value),
                $"The configuration is not valid for {connector.Name}.");
        }

        var plain = ConfigValidation.Split(validation.Normalized, connector.ConfigSchema, out var secretPart);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var tool = new ServerTool
        {
            Id = Ids.New("tool"),
            ServerId = row.Id,
            ConnectorId = connector.Id,
            Name = name,
            ConfigJson = plain.ToJsonString(),
            SecretsProtected = secrets.Protect(secretPart),
            Position = row.Tools.Count == 0 ? 0 : row.Tools.Max(t => t.Position) + 1,
            CreatedAt = now,
        };
        db.ServerTools.Add(tool);
        row.UpdatedAt = now;
        AuditLog.Add(db, caller.AccountId, caller.Actor, "tool.add", row.Id, $"{tool.Name} ({connector.Id})", now);
        await db.SaveChangesAsync(cancellationToken);
        return ToInfo(tool);
    }

    public async Task<Result<bool>> RemoveAsync(Caller caller, string server, string tool, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken, withTools: true);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var target = row.Tools.FirstOrDefault(t => t.Id == tool) ?? row.Tools.FirstOrDefault(t => t.Name == tool);
        if (target is null)
        {
            return ApiError.NotFound($"Tool '{tool}' of server '{row.Name}'");
        }

        db.ServerTools.Remove(target);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        row.UpdatedAt = now;
        AuditLog.Add(db, caller.AccountId, caller.Actor, "tool.remove", row.Id, $"{target.Name} ({target.ConnectorId})", now);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The tool as the API shows it: its configuration with every secret replaced by a mask.</summary>
    public ToolInfo ToInfo(ServerTool tool)
    {
        var config = JsonNode.Parse(tool.ConfigJson)!.AsObject();
        if (tool.SecretsProtected is not null && catalog.TryGet(tool.ConnectorId, out var connector))
        {
            // Secret values never leave the database unencrypted; only their presence is shown.
            foreach (var field in ConfigValidation.SecretFields(connector.ConfigSchema))
            {
                config[field] = "********";
            }
        }

        return new ToolInfo(tool.Id, tool.ConnectorId, tool.Name, JsonSerializer.SerializeToElement(config), Time.ToOffset(tool.CreatedAt));
    }

    private static string UniqueName(string connectorId, IReadOnlyCollection<ServerTool> existing)
    {
        var baseName = connectorId.ToLowerInvariant();
        var candidate = baseName;
        for (var n = 2; existing.Any(t => t.Name == candidate); n++)
        {
            candidate = $"{baseName}-{n}";
        }

        return candidate;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
