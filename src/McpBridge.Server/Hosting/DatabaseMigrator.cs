using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace McpBridge.Server.Hosting;

/// <summary>Applies database migrations before the server starts listening (hosted services start before Kestrel).</summary>
internal sealed class DatabaseMigrator(IDbContextFactory<BridgeDbContext> dbFactory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await BridgeDatabase.MigrateAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
