using System.Globalization;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Tunnels;

/// <summary>How tunnels and their limits look in a terminal.</summary>
internal static class TunnelViews
{
    public static Table TunnelTable(IEnumerable<TunnelInfo> tunnels, TimeProvider time)
    {
        var table = new Table().AddColumns("NAME", "STATUS", "URL", "EXPIRES", "TODAY", "MONTH").NoWrap(0, 2);
        var now = time.GetUtcNow();
        foreach (var tunnel in tunnels)
        {
            table.AddRow(
                CommandOutput.Escape(tunnel.Name),
                Status(tunnel, now),
                CommandOutput.Escape(tunnel.Url),
                tunnel.ExpiresAt is { } expires ? ExpiresIn(expires - now) : "never",
                $"{Count(tunnel.RequestsToday)} req, {Bytes(tunnel.BytesToday)}",
                Count(tunnel.RequestsThisMonth));
        }

        return table;
    }

    /// <summary>One line: persistent names, temporary tunnels and monthly requests used of what the plan allows.</summary>
    public static string LimitsLine(TunnelLimits limits) =>
        $"Plan [bold]{CommandOutput.Escape(limits.Plan)}[/]: " +
        $"{limits.PersistentUsed} of {Limit(limits.PersistentAllowed)} persistent names, " +
        $"{limits.TemporaryLive} of {Limit(limits.TemporaryAllowed)} temporary tunnels connected, " +
        $"{Count(limits.RequestsThisMonth)} of {Limit(limits.MonthlyRequestsAllowed)} requests this month " +
        $"(resets {limits.MonthResetsAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}).";

    /// <summary>"1h 59m", "12m", "less than a minute", "expired": as <c>start</c> shows it (<see cref="Start.TunnelView.Span"/>).</summary>
    public static string ExpiresIn(TimeSpan left) => left.Ticks <= 0 ? "[grey]expired[/]" : Start.TunnelView.Span(left);

    private static string Status(TunnelInfo tunnel, DateTimeOffset now)
    {
        if (tunnel.Status == TunnelStatus.Online)
        {
            var since = tunnel.ConnectedSince is { } at ? $" {Duration(now - at)}" : string.Empty;
            return $"[green]online[/]{since}";
        }

        return tunnel.Status == TunnelStatus.Offline ? "[grey]offline[/]" : CommandOutput.Escape(tunnel.Status);
    }

    /// <summary>"just now", "25m", "3h", "2d": how long a tunnel has been connected.</summary>
    private static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes}m",
        { TotalDays: < 1 } => $"{(int)span.TotalHours}h",
        _ => $"{(int)span.TotalDays}d",
    };

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Limit(long? value) => value is { } n ? Count(n) : "unlimited";

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB"),
    };
}
