using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Tunnels;

/// <summary><c>mcp-bridge tunnels</c>: the account's tunnel names.</summary>
internal sealed class TunnelsCommand : CliCommand
{
    public TunnelsCommand(CliContext context)
        : base("tunnels", "List, reserve and release your tunnels' names (their public URLs).")
    {
        Subcommands.Add(new TunnelsListCommand(context));
        Subcommands.Add(new TunnelsReserveCommand(context));
        Subcommands.Add(new TunnelsReleaseCommand(context));
        Examples = ["mcp-bridge tunnels list", "mcp-bridge tunnels reserve research", "mcp-bridge tunnels release research --yes"];
    }
}
