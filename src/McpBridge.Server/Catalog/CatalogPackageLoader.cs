using Microsoft.Extensions.Hosting;

namespace McpBridge.Server.Catalog;

/// <summary>
/// Puts the administrators' packages into the catalog at start, after the database is migrated and before Kestrel
/// listens (hosted services start in registration order), so that a server using one loads like any other. Reading
/// one small table is all it does: no package is started.
/// </summary>
internal sealed class CatalogPackageLoader(CatalogPackageService packages) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => packages.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
