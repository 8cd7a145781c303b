using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Metering;

/// <summary>
/// Drains the <see cref="MeteringPipeline"/> about once a second and writes what it collected in one transaction:
/// per-day per-tool usage rows, per-month account counts, servers' last-active times and event-log lines (trimmed
/// to the newest <see cref="EventsKeptPerServer"/> per server). Stopping the host flushes everything queued.
/// </summary>
internal sealed partial class MeteringWriter(
    MeteringPipeline pipeline,
    IDbContextFactory<BridgeDbContext> dbFactory,
    TimeProvider timeProvider,
    ILogger<MeteringWriter> logger) : BackgroundService
{
    public const int EventsKeptPerServer = 1000;
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    private const int MaxBatch = 100_000;

    private readonly Lock _flushLock = new();
    private readonly Dictionary<string, int> _eventsSinceTrim = new(StringComparer.Ordinal);
    private List<TaskCompletionSource> _flushRequests = [];
    private TaskCompletionSource _poke = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _droppedReported;

    /// <summary>Writes everything queued so far; completes once it is in the database.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_flushLock)
        {
            _flushRequests.Add(done);
            _poke.TrySetResult();
        }

        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Task poke;
            lock (_flushLock)
            {
                poke = _poke.Task;
            }

            // WhenAny does not throw when the delay is cancelled: stopping just ends the wait.
            await Task.WhenAny(poke, Task.Delay(s_interval, timeProvider, stoppingToken));
            await WriteQueuedAsync(CancellationToken.None);
        }

        pipeline.Complete();
        await WriteQueuedAsync(CancellationToken.None);
    }

    private async Task WriteQueuedAsync(CancellationToken cancellationToken)
    {
        List<TaskCompletionSource> requests;
        lock (_flushLock)
        {
            requests = _flushRequests;
            _flushRequests = [];
            if (_poke.Task.IsCompleted)
            {
                _poke = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        try
        {
            while (true)
            {
                var batch = new Batch();
                while (batch.Count < MaxBatch && pipeline.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                await WriteAsync(batch, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Usage is lost for this batch only; requests were never held up by it.
            Log.WriteFailed(logger, ex);
        }
        finally
        {
            foreach (var request in requests)
            {
                request.TrySetResult();
            }
        }

        ReportDropped();
    }

    private void ReportDropped()
    {
        var dropped = pipeline.Dropped;
        if (dropped > _droppedReported)
        {
            Log.Dropped(logger, dropped - _droppedReported, dropped);
            _droppedReported = dropped;
        }
    }

    private async Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var existingServers = await ExistingServersAsync(db, batch.ServerIds, cancellationToken);
        foreach (var ((serverId, day, tool), usage) in batch.Usage)
        {
            if (!existingServers.Contains(serverId))
            {
                continue; // deleted meanwhile
            }

            var row = postgres
                ? await db.UsageDaily.FromSql($"SELECT * FROM usage_daily WHERE \"ServerId\" = {serverId} AND \"Day\" = {day} AND \"Tool\" = {tool} FOR UPDATE").FirstOrDefaultAsync(cancellationToken)
                : await db.UsageDaily.FindAsync([serverId, day, tool], cancellationToken);
            if (row is null)
            {
                row = new UsageDaily { ServerId = serverId, Day = day, Tool = tool, Histogram = LatencyHistogram.Format(new long[LatencyHistogram.UpperBoundsMs.Length]) };
                db.UsageDaily.Add(row);
            }

            row.Calls += usage.Calls;
            row.Errors += usage.Errors;
            row.TotalMs += usage.TotalMs;
            var histogram = LatencyHistogram.Parse(row.Histogram);
            LatencyHistogram.Add(histogram, usage.Histogram);
            row.Histogram = LatencyHistogram.Format(histogram);
        }

        var existingAccounts = await db.Accounts.Where(a => batch.AccountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var ((accountId, monthNumber), calls) in batch.Monthly)
        {
            if (!existingAccounts.Contains(accountId))
            {
                continue;
            }

            var month = Time.MonthText(monthNumber);
            var row = postgres
                ? await db.AccountUsageMonthly.FromSql($"SELECT * FROM account_usage_monthly WHERE \"AccountId\" = {accountId} AND \"Month\" = {month} FOR UPDATE").FirstOrDefaultAsync(cancellationToken)
                : await db.AccountUsageMonthly.FindAsync([accountId, month], cancellationToken);
            if (row is null)
            {
                row = new AccountUsageMonthly { AccountId = accountId, Month = month };
                db.AccountUsageMonthly.Add(row);
            }

            row.Calls += calls;
        }

        foreach (var item in batch.Events)
        {
            if (existingServers.Contains(item.ServerId))
            {
                db.ServerEvents.Add(new ServerEvent
                {
                    ServerId = item.ServerId,
                    At = item.At,
                    // Capped to the columns (as ServerMeter does already): one value too long would fail the whole batch.
                    Level = ServerMeter.Cap(item.Level ?? "info", 16),
                    Kind = ServerMeter.Cap(item.EventKind ?? "event", 32),
                    Tool = item.Tool is null ? null : ServerMeter.Cap(item.Tool, ServerMeter.MaxToolLength),
                    Message = ServerMeter.Cap(item.Message ?? string.Empty, ServerMeter.MaxMessageLength),
                    DurationMs = item.DurationMs > 0 ? Math.Round(item.DurationMs, 3) : null,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (serverId, at) in batch.LastActive)
        {
            await db.Servers.Where(s => s.Id == serverId && (s.LastActiveAt == null || s.LastActiveAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActiveAt, at), cancellationToken);
        }

        await TrimEventsAsync(db, batch, existingServers, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task TrimEventsAsync(BridgeDbContext db, Batch batch, HashSet<string> servers, CancellationToken cancellationToken)
    {
        foreach (var group in batch.Events.GroupBy(e => e.ServerId))
        {
            if (!servers.Contains(group.Key))
            {
                continue;
            }

            var since = _eventsSinceTrim.GetValueOrDefault(group.Key) + group.Count();
            if (since < 100)
            {
                _eventsSinceTrim[group.Key] = since;
                continue;
            }

            _eventsSinceTrim[group.Key] = 0;
            var cutoff = await db.ServerEvents.Where(e => e.ServerId == group.Key).OrderByDescending(e => e.Id)
                .Skip(EventsKeptPerServer).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
            if (cutoff is { } id)
            {
                await db.ServerEvents.Where(e => e.ServerId == group.Key && e.Id <= id).ExecuteDeleteAsync(cancellationToken);
            }
        }
    }

    private static async Task<HashSet<string>> ExistingServersAsync(BridgeDbContext db, HashSet<string> ids, CancellationToken cancellationToken) =>
        [.. await db.Servers.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)];

    /// <summary>What one flush writes, aggregated in memory.</summary>
    private sealed class Batch
    {
        public int Count { get; private set; }
        public Dictionary<(string Server, DateOnly Day, string Tool), UsageAggregate> Usage { get; } = [];
        public Dictionary<(string Account, int Month), long> Monthly { get; } = [];
        public Dictionary<string, DateTime> LastActive { get; } = new(StringComparer.Ordinal);
        public List<MeterItem> Events { get; } = [];
        public HashSet<string> ServerIds { get; } = new(StringComparer.Ordinal);
        public HashSet<string> AccountIds { get; } = new(StringComparer.Ordinal);

        public void Add(MeterItem item)
        {
            Count++;
            ServerIds.Add(item.ServerId);
            if (item.Kind == MeterKind.Event)
            {
                Events.Add(item);
                return;
            }

            AccountIds.Add(item.AccountId);
            var key = (item.ServerId, DateOnly.FromDateTime(item.At), ServerMeter.Cap(item.Tool ?? string.Empty, ServerMeter.MaxToolLength));
            if (!Usage.TryGetValue(key, out var usage))
            {
                Usage[key] = usage = new UsageAggregate();
            }

            usage.Calls++;
            usage.Errors += item.IsError ? 1 : 0;
            usage.TotalMs += item.DurationMs;
            usage.Histogram[LatencyHistogram.Bucket(item.DurationMs)]++;

            // Months as numbers here (this runs for every call); written as "yyyy-MM".
            var month = (item.AccountId, Time.MonthNumber(item.At));
            Monthly[month] = Monthly.GetValueOrDefault(month) + 1;
            if (!LastActive.TryGetValue(item.ServerId, out var last) || last < item.At)
            {
                LastActive[item.ServerId] = item.At;
            }
        }
    }

    private sealed class UsageAggregate
    {
        public long Calls;
        public long Errors;
        public double TotalMs;
        public readonly long[] Histogram = new long[LatencyHistogram.UpperBoundsMs.Length];
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not write usage and events; this batch is lost")]
        public static partial void WriteFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Metering fell behind: {Count} usage records and events were dropped ({Total} since start)")]
        public static partial void Dropped(ILogger logger, long count, long total);
    }
}
