using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Metering;
using McpBridge.Server.Plans;
using McpBridge.Server.Servers;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Usage;

/// <summary>A server's usage (daily, per tool, latency percentiles) and its event log.</summary>
internal sealed class UsageService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    PlanLimits limits,
    QuotaCounter quota,
    TimeProvider timeProvider)
{
    private static readonly string[] s_levels = ["info", "warning", "error"];

    public async Task<Result<UsageReport>> GetUsageAsync(Caller caller, string server, int? days, CancellationToken cancellationToken)
    {
        var span = days ?? 30;
        if (span is < 1 or > 366)
        {
            return ApiError.Validation("days", "must be between 1 and 366.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var now = timeProvider.GetUtcNow();
        var to = DateOnly.FromDateTime(now.UtcDateTime);
        var from = to.AddDays(1 - span);
        var rows = await db.UsageDaily.AsNoTracking()
            .Where(u => u.ServerId == row.Id && u.Day >= from && u.Day <= to)
            .ToListAsync(cancellationToken);

        var byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => (Calls: g.Sum(r => r.Calls), Errors: g.Sum(r => r.Errors)));
        var daily = Enumerable.Range(0, span).Select(i => from.AddDays(i))
            .Select(day => byDay.TryGetValue(day, out var d) ? new DailyUsage(day, d.Calls, d.Errors) : new DailyUsage(day, 0, 0))
            .ToArray();
        var tools = rows.GroupBy(r => r.Tool)
            .Select(g => new ToolUsage(g.Key, Totals(g)))
            .OrderByDescending(t => t.Totals.Calls).ThenBy(t => t.Tool, StringComparer.Ordinal)
            .ToArray();

        var plan = await limits.PlanOfAsync(caller.AccountId, cancellationToken);
        var used = await quota.GetUsedAsync(caller.AccountId, now, cancellationToken);
        return new UsageReport(row.Id, from, to, Totals(rows), daily, tools, new QuotaStatus(used, plan.MonthlyCalls, Time.NextMonthStart(now)));
    }

    /// <summary>Calls per server of the caller's account since the start of this month (UTC), for the servers list.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CallsThisMonthAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var monthStart = new DateOnly(now.Year, now.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UsageDaily.AsNoTracking()
            .Where(u => u.Day >= monthStart && db.Servers.Any(s => s.Id == u.ServerId && s.AccountId == caller.AccountId))
            .GroupBy(u => u.ServerId)
            .Select(g => new { ServerId = g.Key, Calls = g.Sum(u => u.Calls) })
            .ToDictionaryAsync(g => g.ServerId, g => g.Calls, StringComparer.Ordinal, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<LogEntry>>> GetLogsAsync(Caller caller, string server, int? limit, string? level, string? tool, long? before, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return ApiError.Validation("limit", "must be between 1 and 1000.");
        }

        if (level is not null && !s_levels.Contains(level))
        {
            return ApiError.Validation("level", "must be one of: info, warning, error (the lowest level shown).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FindOwnedAsync(caller, server, cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"Server '{server}'");
        }

        var query = db.ServerEvents.AsNoTracking().Where(e => e.ServerId == row.Id);
        if (level is "warning")
        {
            query = query.Where(e => e.Level == "warning" || e.Level == "error");
        }
        else if (level is "error")
        {
            query = query.Where(e => e.Level == "error");
        }

        if (!string.IsNullOrEmpty(tool))
        {
            query = query.Where(e => e.Tool == tool);
        }

        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }

        var events = await query.OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        return events.Select(e => new LogEntry(e.Id, Time.ToOffset(e.At), e.Level, e.Kind, e.Tool, e.Message, e.DurationMs)).ToArray();
    }

    private static UsageTotals Totals(IEnumerable<Data.Entities.UsageDaily> rows)
    {
        long calls = 0, errors = 0;
        double totalMs = 0;
        var histogram = new long[LatencyHistogram.UpperBoundsMs.Length];
        foreach (var row in rows)
        {
            calls += row.Calls;
            errors += row.Errors;
            totalMs += row.TotalMs;
            LatencyHistogram.Add(histogram, LatencyHistogram.Parse(row.Histogram));
        }

        return new UsageTotals(calls, errors, calls == 0 ? 0 : Math.Round((double)errors / calls, 4), calls == 0 ? 0 : Math.Round(totalMs / calls, 2),
            LatencyHistogram.Percentile(histogram, 0.50), LatencyHistogram.Percentile(histogram, 0.95));
    }
}
