using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Servers;

/// <summary><c>mcp-bridge servers</c>: the group of hosted-server verbs.</summary>
internal sealed class ServersCommand : CliCommand
{
    public ServersCommand(CliContext context)
        : base("servers", "Create, list, show and delete hosted MCP servers.")
    {
        Subcommands.Add(new ServersCreateCommand(context));
        Subcommands.Add(new ServersListCommand(context));
        Subcommands.Add(new ServersShowCommand(context));
        Subcommands.Add(new ServersDeleteCommand(context));
        Examples = ["mcp-bridge servers create notes", "mcp-bridge servers list", "mcp-bridge servers show notes", "mcp-bridge servers delete notes --yes"];
    }
}
