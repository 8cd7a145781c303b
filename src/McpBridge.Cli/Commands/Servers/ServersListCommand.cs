using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Servers;

/// <summary><c>mcp-bridge servers list</c>.</summary>
internal sealed class ServersListCommand : ApiCommand
{
    public ServersListCommand(CliContext context)
        : base("list", "List your hosted MCP servers.", context)
    {
        Aliases.Add("ls");
        Examples = ["mcp-bridge servers list", "mcp-bridge servers list --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var servers = await invocation.Client.ListServersAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(servers);
        }
        else if (servers.Count == 0)
        {
            output.Line("No servers yet. Create one with `mcp-bridge servers create NAME`.");
        }
        else
        {
            output.Out.Write(ServerViews.ServerTable(servers, output));
        }

        return ExitCodes.Success;
    }
}
