using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Tools;

/// <summary><c>mcp-bridge tools list SERVER</c>.</summary>
internal sealed class ToolsListCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    public ToolsListCommand(CliContext context)
        : base("list", "List the tools of a server's draft (secrets masked).", context)
    {
        Aliases.Add("ls");
        Arguments.Add(s_server);
        Examples = ["mcp-bridge tools list notes", "mcp-bridge tools list notes --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var tools = await invocation.Client.ListToolsAsync(server, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(tools);
        }
        else if (tools.Count == 0)
        {
            output.Line($"{CommandOutput.Escape(server)} has no tools yet. Add one with `mcp-bridge tools add {CommandOutput.Escape(server)} CONNECTOR`.");
        }
        else
        {
            output.Out.Write(ServerViews.ToolTable(tools, output));
        }

        return ExitCodes.Success;
    }
}
