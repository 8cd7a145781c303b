using System.CommandLine;
using System.Globalization;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Observe;

/// <summary><c>mcp-bridge usage SERVER [--days N]</c>: totals, a daily chart and a per-tool breakdown.</summary>
internal sealed class UsageCommand : ApiCommand
{
    private const int BarWidth = 30;

    // Sent every time, so the help page never depends on the server's own default.
    private const int DefaultDays = 30;

    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Option<int> s_days = CreateDaysOption();

    public UsageCommand(CliContext context)
        : base("usage", "Show a server's calls, errors and latency: totals, per day and per tool.", context)
    {
        Arguments.Add(s_server);
        Options.Add(s_days);
        Examples = ["mcp-bridge usage notes", "mcp-bridge usage notes --days 7 --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var report = await invocation.Client.GetUsageAsync(invocation.ParseResult.GetRequiredValue(s_server), invocation.ParseResult.GetValue(s_days), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(report);
            return ExitCodes.Success;
        }

        output.Line($"[bold]Usage[/] {Day(report.From)} .. {Day(report.To)}");
        var totals = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        totals.AddRow("Calls", Count(report.Totals.Calls));
        totals.AddRow("Errors", $"{Count(report.Totals.Errors)} ({report.Totals.ErrorRate.ToString("P1", CultureInfo.InvariantCulture)})");
        totals.AddRow("Latency", Latency(report.Totals));
        totals.AddRow("This month", $"{Count(report.Month.Calls)} of {(report.Month.Limit is { } limit ? Count(limit) : "unlimited")} calls (resets {report.Month.ResetsAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
        totals.AddRow("Trend", Sparkline.Render(report.Daily.Select(d => d.Calls)));
        output.Out.Write(totals);

        if (report.Daily.Count > 0)
        {
            output.Line();
            var max = report.Daily.Max(d => d.Calls);
            var daily = new Table().AddColumns("DAY", "CALLS", "ERRORS", "").NoWrap(0);
            daily.Columns[1].RightAligned();
            daily.Columns[2].RightAligned();
            foreach (var day in report.Daily)
            {
                daily.AddRow(
                    Day(day.Date),
                    Count(day.Calls),
                    day.Errors > 0 ? $"[red]{Count(day.Errors)}[/]" : "0",
                    $"[blue]{Sparkline.Bar(day.Calls, max, BarWidth)}[/]");
            }

            output.Out.Write(daily);
        }

        if (report.Tools.Count > 0)
        {
            output.Line();
            var tools = new Table().AddColumns("TOOL", "CALLS", "ERRORS", "ERROR RATE", "AVG", "P50", "P95");
            foreach (var column in tools.Columns.Skip(1))
            {
                column.RightAligned();
            }

            foreach (var tool in report.Tools)
            {
                tools.AddRow(
                    CommandOutput.Escape(tool.Tool),
                    Count(tool.Totals.Calls),
                    Count(tool.Totals.Errors),
                    tool.Totals.ErrorRate.ToString("P1", CultureInfo.InvariantCulture),
                    Ms(tool.Totals.AvgMs),
                    Ms(tool.Totals.P50Ms),
                    Ms(tool.Totals.P95Ms));
            }

            output.Out.Write(tools);
        }

        return ExitCodes.Success;
    }

    private static string Latency(UsageTotals totals) => $"avg {Ms(totals.AvgMs)}, p50 {Ms(totals.P50Ms)}, p95 {Ms(totals.P95Ms)}";

    private static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Option<int> CreateDaysOption()
    {
        var option = new Option<int>("--days")
        {
            Description = "How many days back, today included.",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultDays,
        };
        return option.InRange(1, 366);
    }
}
