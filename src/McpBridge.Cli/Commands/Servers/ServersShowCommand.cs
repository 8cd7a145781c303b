using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Servers;

/// <summary><c>mcp-bridge servers show SERVER</c>: the server with its tools, keys and versions.</summary>
internal sealed class ServersShowCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    public ServersShowCommand(CliContext context)
        : base("show", "Show a server: status, endpoints, draft tools, keys and deployed versions.", context)
    {
        Arguments.Add(s_server);
        Examples = ["mcp-bridge servers show notes", "mcp-bridge servers show notes --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var detail = await invocation.Client.GetServerAsync(invocation.ParseResult.GetRequiredValue(s_server), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(detail);
            return ExitCodes.Success;
        }

        output.Out.Write(ServerViews.ServerGrid(detail.Server, output));
        Section(output, "Tools (draft)", detail.Tools.Count, () => output.Out.Write(ServerViews.ToolTable(detail.Tools, output)));
        Section(output, "Keys", detail.Keys.Count, () => output.Out.Write(ServerViews.KeyTable(detail.Keys, output)));
        Section(output, "Versions", detail.Versions.Count, () => output.Out.Write(ServerViews.VersionTable(detail.Versions, output)));
        return ExitCodes.Success;
    }

    private static void Section(CommandOutput output, string title, int count, Action render)
    {
        output.Line();
        output.Line($"[bold underline]{title}[/]");
        if (count == 0)
        {
            output.Line("[grey]none[/]");
        }
        else
        {
            render();
        }
    }
}
