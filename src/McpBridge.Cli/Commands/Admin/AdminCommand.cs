using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin</c>: operator verbs (administrator accounts only).</summary>
internal sealed class AdminCommand : CliCommand
{
    public AdminCommand(CliContext context)
        : base("admin", "Administer the cloud: list accounts, change plans, approve catalog packages (administrator accounts only).")
    {
        Subcommands.Add(new AdminAccountsCommand(context));
        Subcommands.Add(new AdminSetPlanCommand(context));
        Subcommands.Add(new AdminCatalogCommand(context));
        Examples = ["mcp-bridge admin accounts", "mcp-bridge admin set-plan acc_123 pro", "mcp-bridge admin catalog list"];
    }
}
