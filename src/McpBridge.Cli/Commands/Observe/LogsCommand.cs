using System.CommandLine;
using System.Globalization;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Observe;

/// <summary><c>mcp-bridge logs SERVER [--limit N] [--level L] [--tool T]</c>.</summary>
internal sealed class LogsCommand : ApiCommand
{
    // Sent every time, so the help page and the paging hint never depend on the server's own default.
    private const int DefaultLimit = 100;

    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Option<int> s_limit = CreateLimitOption();

    private static readonly Option<string?> s_level = CreateLevelOption();

    private static readonly Option<string?> s_tool = new("--tool")
    {
        Description = "Only events about this tool.",
        HelpName = "TOOL",
    };

    private static readonly Option<long?> s_before = new("--before")
    {
        Description = "Only events older than this event id (to page back).",
        HelpName = "ID",
    };

    public LogsCommand(CliContext context)
        : base("logs", "Show a server's recent events: tool calls, errors, deploys, quota warnings (newest first).", context)
    {
        Arguments.Add(s_server);
        Options.Add(s_limit);
        Options.Add(s_level);
        Options.Add(s_tool);
        Options.Add(s_before);
        Examples = ["mcp-bridge logs notes", "mcp-bridge logs notes --level error --limit 20", "mcp-bridge logs notes --tool read_file --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var parse = invocation.ParseResult;
        var entries = await invocation.Client.GetLogsAsync(
            parse.GetRequiredValue(s_server),
            parse.GetValue(s_limit),
            parse.GetValue(s_level),
            parse.GetValue(s_tool),
            parse.GetValue(s_before),
            cancellationToken);

        if (output.IsJson)
        {
            output.WriteJson(entries);
            return ExitCodes.Success;
        }

        if (entries.Count == 0)
        {
            output.Line("No events.");
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("ID", "TIME (UTC)", "LEVEL", "KIND", "TOOL", "DURATION", "MESSAGE").NoWrap(0, 1, 2, 3);
        foreach (var entry in entries)
        {
            table.AddRow(
                entry.Id.ToString(CultureInfo.InvariantCulture),
                entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                entry.Level switch
                {
                    "error" => "[red]error[/]",
                    "warning" => "[yellow]warning[/]",
                    _ => CommandOutput.Escape(entry.Level),
                },
                CommandOutput.Escape(entry.Kind),
                CommandOutput.Escape(entry.Tool ?? ""),
                entry.DurationMs is { } ms ? ms.ToString("0", CultureInfo.InvariantCulture) + " ms" : "",
                CommandOutput.Escape(entry.Message));
        }

        output.Out.Write(table);
        if (entries.Count >= parse.GetValue(s_limit))
        {
            output.Line($"[grey]Older events: `mcp-bridge logs {CommandOutput.Escape(parse.GetRequiredValue(s_server))} --before {entries[^1].Id}`[/]");
        }

        return ExitCodes.Success;
    }

    private static Option<int> CreateLimitOption()
    {
        var option = new Option<int>("--limit")
        {
            Description = "At most this many events.",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultLimit,
        };
        return option.InRange(1, 1000);
    }

    private static Option<string?> CreateLevelOption()
    {
        var option = new Option<string?>("--level")
        {
            Description = "Only events of this level.",
            HelpName = "info|warning|error",
        };
        option.AcceptOnlyFromAmong("info", "warning", "error");
        return option;
    }
}
