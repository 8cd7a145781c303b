using System.CommandLine;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Tunnels;

/// <summary><c>mcp-bridge tunnels reserve NAME</c>: keeps a name (and its URL) for the account.</summary>
internal sealed class TunnelsReserveCommand : ApiCommand
{
    private static readonly Argument<string> s_name = TunnelNameArgument.Create();

    public TunnelsReserveCommand(CliContext context)
        : base("reserve", "Reserve a persistent tunnel name: its URL is yours until you release it.", context)
    {
        Arguments.Add(s_name);
        Examples = ["mcp-bridge tunnels reserve research", "mcp-bridge tunnels reserve research --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var tunnel = await invocation.Client.ReserveTunnelAsync(new ReserveTunnelRequest(invocation.ParseResult.GetRequiredValue(s_name)), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(tunnel);
            return ExitCodes.Success;
        }

        output.Line($"[green]Reserved[/] [bold]{CommandOutput.Escape(tunnel.Name)}[/]: {CommandOutput.Escape(tunnel.Url)}");
        if (tunnel.PathUrl != tunnel.Url)
        {
            output.Line($"  path form: {CommandOutput.Escape(tunnel.PathUrl)}");
        }

        output.Line($"Serve it with `mcp-bridge start ... --cloud --name {CommandOutput.Escape(tunnel.Name)}`.");
        return ExitCodes.Success;
    }
}
