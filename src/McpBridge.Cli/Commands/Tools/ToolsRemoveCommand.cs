using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Tools;

/// <summary><c>mcp-bridge tools remove SERVER TOOL</c>.</summary>
internal sealed class ToolsRemoveCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Argument<string> s_tool = new("TOOL")
    {
        Description = "The tool's name or id (see `mcp-bridge tools list SERVER`).",
    };

    public ToolsRemoveCommand(CliContext context)
        : base("remove", "Remove a tool from a server's draft (the live version keeps it until the next deploy).", context)
    {
        Aliases.Add("rm");
        Arguments.Add(s_server);
        Arguments.Add(s_tool);
        Examples = ["mcp-bridge tools remove notes fetch"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var tool = invocation.ParseResult.GetRequiredValue(s_tool);
        await invocation.Client.RemoveToolAsync(server, tool, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(new DeletedResult(tool, Deleted: true));
        }
        else
        {
            output.Line($"[green]Removed[/] tool [bold]{CommandOutput.Escape(tool)}[/] from {CommandOutput.Escape(server)}'s draft. Deploy to make it live: `mcp-bridge deploy {CommandOutput.Escape(server)}`.");
        }

        return ExitCodes.Success;
    }
}
