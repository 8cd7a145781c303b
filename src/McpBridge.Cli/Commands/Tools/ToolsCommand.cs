using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Tools;

/// <summary><c>mcp-bridge tools</c>: the group of verbs that edit a server's draft tools.</summary>
internal sealed class ToolsCommand : CliCommand
{
    public ToolsCommand(CliContext context)
        : base("tools", "Add, remove and list the tools (configured connectors) of a server's draft. Deploy to make changes live.")
    {
        Subcommands.Add(new ToolsAddCommand(context));
        Subcommands.Add(new ToolsRemoveCommand(context));
        Subcommands.Add(new ToolsListCommand(context));
        Examples = ["mcp-bridge tools add notes fetch", "mcp-bridge tools list notes", "mcp-bridge tools remove notes fetch"];
    }
}
