using System.Collections.Concurrent;
using System.Threading.Channels;
using McpBridge.Connectors;
using McpBridge.Connectors.Packages;
using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Catalog;

/// <summary>
/// Learns what tools the catalog's packages really offer by dry-running them: at once when an administrator adds one
/// or asks for it, and in the background (one at a time) for those not learned yet after the first catalog request,
/// so that neither <c>serve</c>'s start nor a catalog listing ever waits on npm. What an admin entry's dry run found
/// is stored with it; the others' is kept by their connector until the process ends.
/// </summary>
internal sealed partial class PackageToolDiscovery(
    ConnectorCatalog catalog,
    PackageDryRun dryRun,
    IDbContextFactory<BridgeDbContext> dbFactory,
    IOptions<PackagesOptions> options,
    TimeProvider timeProvider,
    ILogger<PackageToolDiscovery> logger) : BackgroundService
{
    /// <summary>A package whose dry run failed is tried again in the background after this long, not on every listing.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromHours(1);

    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PackageDryRunResult> _last = new(StringComparer.Ordinal);

    /// <summary>Raised after each dry run, with the package id (for tests and logs).</summary>
    public event Action<string, PackageDryRunResult>? Completed;

    /// <summary>The last dry run of a package in this process, if any ran.</summary>
    public PackageDryRunResult? LastResult(string packageId) => _last.TryGetValue(packageId, out var result) ? result : null;

    /// <summary>Dry-runs one package now and remembers what it found.</summary>
    public async Task<PackageDryRunResult> RunNowAsync(StdioPackageConnector connector, CancellationToken cancellationToken)
    {
        var result = await dryRun.RunAsync(connector, cancellationToken);
        _last[connector.Id] = result;
        if (connector.Origin == PackageOrigin.Admin)
        {
            await StoreAsync(connector.Id, result, cancellationToken);
        }

        Completed?.Invoke(connector.Id, result);
        return result;
    }

    /// <summary>Queues a background dry run of every package whose tools are not learned yet (never waits).</summary>
    public void RequestMissing()
    {
        if (!options.Value.DryRunInBackground)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var connector in catalog.All.OfType<StdioPackageConnector>())
        {
            if (connector.ToolsLearnedAt is not null
                || (_last.TryGetValue(connector.Id, out var last) && now - last.At < RetryAfter)
                || !_queued.TryAdd(connector.Id, 0))
            {
                continue;
            }

            if (!_queue.Writer.TryWrite(connector.Id))
            {
                _queued.TryRemove(connector.Id, out _);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Removed, or learned by an admin's dry run, since it was queued: nothing to do.
                if (catalog.TryGet(id, out var connector) && connector is StdioPackageConnector package && package.ToolsLearnedAt is null)
                {
                    await RunNowAsync(package, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // One package's trouble (its row removed meanwhile, the database away) must not stop the others'.
                Log.BackgroundFailed(logger, id, ex);
            }
            finally
            {
                _queued.TryRemove(id, out _);
            }
        }
    }

    private async Task StoreAsync(string id, PackageDryRunResult result, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.CatalogPackages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null)
        {
            return;
        }

        row.DryRunAt = result.At.UtcDateTime;
        if (result.Succeeded)
        {
            row.ToolsJson = CatalogPackageRows.ToolsJson(result.Tools!);
            row.ToolsLearnedAt = result.At.UtcDateTime;
            row.DryRunError = null;
        }
        else
        {
            // The tools an earlier dry run found stay listed: a package that fails today is not a package without tools.
            row.DryRunError = Truncate(result.Error ?? "failed", 1000);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Background dry run of package {PackageId} failed")]
        public static partial void BackgroundFailed(ILogger logger, string packageId, Exception exception);
    }
}
