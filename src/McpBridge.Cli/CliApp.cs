using System.CommandLine;
using System.CommandLine.Invocation;
using McpBridge.Cli.Commands;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli;

/// <summary>The entry point of the <c>mcp-bridge</c> tool: parses the command line and runs the command.</summary>
internal static class CliApp
{
    // `@file` is ours (tools add --config @file.json), not System.CommandLine's response-file syntax.
    private static readonly ParserConfiguration s_parserConfiguration = new() { ResponseFileTokenReplacer = null };

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, CliContext.CreateSystem(), handleTermination: true, CancellationToken.None);

    /// <summary>Parses and invokes <paramref name="args"/> against <paramref name="context"/> (tests pass a recorded console).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, bool handleTermination, CancellationToken cancellationToken)
    {
        var root = new McpBridgeRootCommand(context);
        var parseResult = root.Parse(args, s_parserConfiguration);
        if (parseResult.Action is ParseErrorAction)
        {
            return ReportParseErrors(parseResult, context.Console.Error);
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Console.Output,
            Error = context.Console.Error,
            ProcessTerminationTimeout = handleTermination ? TerminationTimeout(parseResult.CommandResult.Command) : null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>How long the command may take to stop on Ctrl+C before System.CommandLine gives up and the process exits.</summary>
    internal static TimeSpan TerminationTimeout(Command command) =>
        command is CliCommand cliCommand ? cliCommand.TerminationTimeout : CliCommand.DefaultTerminationTimeout;

    private static int ReportParseErrors(ParseResult parseResult, TextWriter error)
    {
        foreach (var parseError in parseResult.Errors)
        {
            error.WriteLine("error: " + parseError.Message);
        }

        var commandPath = string.Join(' ', CommandPath(parseResult.CommandResult.Command));
        error.WriteLine($"hint: see `{commandPath} --help`");
        return ExitCodes.UsageError;
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? current = command; current is Command c; current = c.Parents.FirstOrDefault())
        {
            names.Push(c is RootCommand ? "mcp-bridge" : c.Name);
        }

        return names;
    }
}
