using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Tunnels;

/// <summary>
/// Stores what <see cref="TunnelMeter"/> counted about once a second (one transaction per batch: per-tunnel per-day
/// rows incremented in place, or added), writes agents' last-connected times, and once a minute refreshes the meter's
/// plan limits and sweeps expired temporary names. Stopping the host stores everything counted.
/// </summary>
internal sealed class TunnelUsageWriter(
    TunnelMeter meter,
    TunnelNameStore names,
    IDbContextFactory<BridgeDbContext> dbFactory,
    TimeProvider timeProvider,
    ILogger<TunnelUsageWriter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int TicksPerHousekeeping = 60;

    private readonly SemaphoreSlim _writing = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                if (++ticks % TicksPerHousekeeping == 0)
                {
                    await HousekeepAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Stores everything counted so far; completes once it is in the database (or the attempt failed and was logged).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var usage = meter.TakeUsage();
            if (usage.Count > 0)
            {
                try
                {
                    await WriteAsync(usage, cancellationToken);
                }
                catch (Exception ex)
                {
                    // Rolled back; kept in memory and tried again next time (the totals are a handful of rows, not a
                    // queue). Cancelled by shutdown: the final flush writes them.
                    meter.ReturnUsage(usage);
                    if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }

                    TunnelLog.UsageWriteFailed(logger, ex);
                }
            }

            try
            {
                await names.WriteDisconnectsAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                TunnelLog.UsageWriteFailed(logger, ex);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Refreshes the meter's plan limits and deletes expired temporary names.</summary>
    public async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await meter.RefreshAsync(cancellationToken);
            var swept = await names.SweepAsync(cancellationToken);
            if (swept > 0)
            {
                TunnelLog.Swept(logger, swept);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TunnelLog.HousekeepingFailed(logger, ex);
        }
    }

    private async Task WriteAsync(Dictionary<TunnelUsageKey, TunnelUsageTotals> usage, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Rows of accounts deleted meanwhile would fail the whole batch on the foreign key.
        var accountIds = usage.Keys.Select(k => k.AccountId).OfType<string>().Distinct().ToList();
        var existing = await db.Accounts.Where(a => accountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var (key, totals) in usage)
        {
            if (key.AccountId is { } accountId && !existing.Contains(accountId))
            {
                continue;
            }

            // An increment in the database itself: no read, no lost update when another node writes the same row.
            var updated = await db.TunnelUsageDaily
                .Where(u => u.TunnelName == key.TunnelName && u.AccountId == key.AccountId && u.Day == key.Day)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.Requests, u => u.Requests + totals.Requests)
                    .SetProperty(u => u.Errors, u => u.Errors + totals.Errors)
                    .SetProperty(u => u.BytesIn, u => u.BytesIn + totals.BytesIn)
                    .SetProperty(u => u.BytesOut, u => u.BytesOut + totals.BytesOut), cancellationToken);
            if (updated == 0)
            {
                db.TunnelUsageDaily.Add(new TunnelUsageDaily
                {
                    TunnelName = key.TunnelName,
                    AccountId = key.AccountId,
                    Day = key.Day,
                    Requests = totals.Requests,
                    Errors = totals.Errors,
                    BytesIn = totals.BytesIn,
                    BytesOut = totals.BytesOut,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
