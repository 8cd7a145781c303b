using McpBridge.Server.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Hosting;

/// <summary>Says where the service listens, where its data is, and which database it uses, once it is ready.</summary>
internal sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<BridgeOptions> options,
    IDbContextFactory<BridgeDbContext> dbFactory,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            using var db = dbFactory.CreateDbContext();
            var provider = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? "PostgreSQL" : "SQLite";
            Log.Ready(logger, string.Join(", ", addresses), options.Value.PublicUri.ToString(), options.Value.DataDir, provider);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "MCP Bridge is ready on {Addresses} (public URL {PublicUrl}); data in {DataDir}; database: {Provider}")]
        public static partial void Ready(ILogger logger, string addresses, string publicUrl, string dataDir, string provider);
    }
}
