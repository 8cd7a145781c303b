using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Keys;

/// <summary><c>mcp-bridge keys</c>: the keys clients use to call a server.</summary>
internal sealed class KeysCommand : CliCommand
{
    public KeysCommand(CliContext context)
        : base("keys", "Create, list, rotate and revoke the keys clients use to call a server.")
    {
        Subcommands.Add(new KeysCreateCommand(context));
        Subcommands.Add(new KeysListCommand(context));
        Subcommands.Add(new KeysRotateCommand(context));
        Subcommands.Add(new KeysRevokeCommand(context));
        Examples = ["mcp-bridge keys create notes --name laptop", "mcp-bridge keys list notes", "mcp-bridge keys rotate notes KEYID", "mcp-bridge keys revoke notes KEYID"];
    }
}
