using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Tunnels;

/// <summary><c>mcp-bridge tunnels list</c>: status, URL, time left, traffic, and the plan's limits.</summary>
internal sealed class TunnelsListCommand : ApiCommand
{
    public TunnelsListCommand(CliContext context)
        : base("list", "List your tunnels: status, URL, time left for temporary ones, today's traffic, and your plan's limits.", context)
    {
        Aliases.Add("ls");
        Examples = ["mcp-bridge tunnels list", "mcp-bridge tunnels list --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var list = await invocation.Client.ListTunnelsAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(list);
            return ExitCodes.Success;
        }

        if (list.Tunnels.Count == 0)
        {
            output.Line("No tunnels yet. Start one with `mcp-bridge start ... --cloud --name NAME` (or `--temp`), or reserve a name with `mcp-bridge tunnels reserve NAME`.");
        }
        else
        {
            output.Out.Write(TunnelViews.TunnelTable(list.Tunnels, Context.Time));
        }

        output.Line();
        output.Line(TunnelViews.LimitsLine(list.Limits));
        return ExitCodes.Success;
    }
}
