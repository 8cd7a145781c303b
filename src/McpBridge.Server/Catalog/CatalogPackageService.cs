using McpBridge.Connectors;
using McpBridge.Connectors.Packages;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Catalog;

/// <summary>
/// The catalog's stdio packages as administrators manage them: the built-in and configured ones (read-only here) and
/// the ones added through the API, which are stored in the database and take effect at once, without a restart.
/// Only what an administrator approved ever runs: users pick an entry and fill in its declared variables.
/// </summary>
internal sealed partial class CatalogPackageService(
    ConnectorCatalog catalog,
    PackageToolDiscovery discovery,
    IDbContextFactory<BridgeDbContext> dbFactory,
    IOptions<PackagesOptions> options,
    TimeProvider timeProvider,
    ILogger<CatalogPackageService> logger)
{
    public async Task<IReadOnlyList<CatalogPackageInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.CatalogPackages.AsNoTracking()
            .Select(p => new { p.Id, p.AddedBy, p.AddedAt, p.DryRunError })
            .ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        return catalog.All.OfType<StdioPackageConnector>()
            .Select(c => rows.TryGetValue(c.Id, out var row) && c.Origin == PackageOrigin.Admin
                ? ToInfo(c, row.DryRunError, row.AddedBy, Time.ToOffset(row.AddedAt))
                : ToInfo(c, discovery.LastResult(c.Id) is { Succeeded: false } failed ? failed.Error : null, null, null))
            .ToArray();
    }

    /// <summary>
    /// Validates, stores and offers a package, then dry-runs it to learn its tools. A failed dry run keeps the entry
    /// (a package may need a real token to start): the answer says why, and the declared form is still usable.
    /// </summary>
    public async Task<Result<CatalogPackageInfo>> AddAsync(Caller admin, AddCatalogPackageRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiError.Validation("body", "is required: {id, description, command, args, env, category, premium}.");
        }

        var definition = CatalogPackageRows.ToDefinition(request);
        var problems = PackageDefinitionRules.Validate(definition);
        if (problems.Count > 0)
        {
            return ApiError.Validation(problems, $"The package '{definition.Id}' was not added: {problems.Count} field(s) are not valid.");
        }

        if (catalog.TryGet(definition.Id, out var existing))
        {
            return ApiError.Conflict(existing is StdioPackageConnector { Origin: PackageOrigin.Admin }
                ? $"The catalog has a package '{definition.Id}' already; remove it first (mcp-bridge admin catalog remove {definition.Id})."
                : $"'{definition.Id}' is the id of a {Describe(existing)} in the catalog; pick another id.");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.CatalogPackages.Add(CatalogPackageRows.ToRow(definition, admin.AccountId, now));
            AuditLog.Add(db, admin.AccountId, $"admin:{admin.AccountId}", "catalog.add", definition.Id, $"{definition.Command} {string.Join(' ', definition.Args)}", now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another administrator added the same id a moment ago.
                return ApiError.Conflict($"The catalog has a package '{definition.Id}' already.");
            }
        }

        var connector = new StdioPackageConnector(definition, options.Value, PackageOrigin.Admin);
        if (!catalog.TryAdd(connector))
        {
            return ApiError.Conflict($"The catalog has an entry '{definition.Id}' already.");
        }

        Log.Added(logger, definition.Id, admin.AccountId, definition.Command);
        var result = await discovery.RunNowAsync(connector, cancellationToken);
        return ToInfo(connector, result.Error, admin.AccountId, Time.ToOffset(now));
    }

    /// <summary>Dry-runs a package of the catalog again (after a new version, say) and returns what it found.</summary>
    public async Task<Result<CatalogPackageInfo>> DryRunAsync(string id, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(id, out var connector) || connector is not StdioPackageConnector package)
        {
            return ApiError.NotFound($"Package '{id}'");
        }

        var result = await discovery.RunNowAsync(package, cancellationToken);
        var info = (await ListAsync(cancellationToken)).FirstOrDefault(p => p.Id == id);
        return info is null ? ApiError.NotFound($"Package '{id}'") : info with { DryRunError = result.Error };
    }

    /// <summary>
    /// Takes an admin entry out of the catalog. Refused while servers' drafts use it, unless forced: then their next
    /// deploy asks to remove those tools, and running servers keep their processes until they are deployed again.
    /// </summary>
    public async Task<Result<CatalogPackageInfo>> RemoveAsync(Caller admin, string id, bool force, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.CatalogPackages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null)
        {
            return catalog.TryGet(id, out var other)
                ? ApiError.Conflict($"'{id}' is a {Describe(other)}, not one added with `admin catalog add`; change the server's configuration (Packages) to remove it.")
                : ApiError.NotFound($"Package '{id}'");
        }

        var uses = await db.ServerTools.Where(t => t.ConnectorId == id).Select(t => t.ServerId).ToListAsync(cancellationToken);
        if (uses.Count > 0 && !force)
        {
            return ApiError.Conflict(
                $"'{id}' is used by {uses.Count} tool(s) on {uses.Distinct().Count()} server(s); their owners would lose them at the next deploy. Remove it anyway with --force.");
        }

        var package = catalog.TryGet(id, out var connector) && connector is StdioPackageConnector { Origin: PackageOrigin.Admin } offered
            ? offered
            : new StdioPackageConnector(CatalogPackageRows.ToDefinition(row), options.Value, PackageOrigin.Admin);
        var info = ToInfo(package, row.DryRunError, row.AddedBy, Time.ToOffset(row.AddedAt));
        db.CatalogPackages.Remove(row);
        AuditLog.Add(db, admin.AccountId, $"admin:{admin.AccountId}", "catalog.remove", id, uses.Count > 0 ? $"forced; {uses.Count} tool(s) used it" : null, timeProvider.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        catalog.Remove(id);
        Log.Removed(logger, id, admin.AccountId);
        return info;
    }

    /// <summary>Puts the stored admin entries into the catalog, with the tools their last dry run found.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var row in await db.CatalogPackages.AsNoTracking().ToListAsync(cancellationToken))
        {
            var connector = new StdioPackageConnector(CatalogPackageRows.ToDefinition(row), options.Value, PackageOrigin.Admin);
            if (CatalogPackageRows.StoredTools(row) is { Count: > 0 } tools)
            {
                connector.LearnTools(tools, Time.ToOffset(row.ToolsLearnedAt ?? row.AddedAt));
            }

            if (!catalog.TryAdd(connector))
            {
                // The configuration took the id since (it wins: it is what the operator wrote); the row stays for later.
                Log.Shadowed(logger, row.Id);
            }
        }
    }

    private static string Describe(IConnector connector) => connector is StdioPackageConnector package
        ? $"{CatalogPackageRows.OriginName(package.Origin)} package"
        : "built-in connector";

    private static CatalogPackageInfo ToInfo(StdioPackageConnector connector, string? dryRunError, string? addedBy, DateTimeOffset? addedAt)
    {
        var definition = connector.Definition;
        return new CatalogPackageInfo(
            connector.Id,
            connector.Name,
            connector.Description,
            connector.Category,
            connector.Premium,
            CatalogPackageRows.OriginName(connector.Origin),
            definition.Command,
            [.. definition.Args],
            CatalogPackageRows.Variables(definition),
            definition.MaxProcesses,
            connector.Tools.Select(t => new McpBridge.Protocol.Api.ConnectorToolInfo(t.Name, t.Description)).ToArray(),
            connector.ToolsLearnedAt,
            dryRunError,
            addedBy,
            addedAt);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Package {PackageId} added to the catalog by {AccountId}: {Command}")]
        public static partial void Added(ILogger logger, string packageId, string accountId, string command);

        [LoggerMessage(2, LogLevel.Information, "Package {PackageId} removed from the catalog by {AccountId}")]
        public static partial void Removed(ILogger logger, string packageId, string accountId);

        [LoggerMessage(3, LogLevel.Warning, "Package {PackageId} from the database is not offered: the configuration has an entry with its id")]
        public static partial void Shadowed(ILogger logger, string packageId);
    }
}
