using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Keys;

/// <summary>Writes keys' last-used times every few seconds, off the request path.</summary>
internal sealed partial class KeyUsageFlusher(
    KeyUsageTracker tracker,
    IDbContextFactory<BridgeDbContext> dbFactory,
    TimeProvider timeProvider,
    ILogger<KeyUsageFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var pending = tracker.Drain();
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var (keyId, at) in pending)
            {
                await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FlushFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not record keys' last-used times")]
        public static partial void FlushFailed(ILogger logger, Exception exception);
    }
}
