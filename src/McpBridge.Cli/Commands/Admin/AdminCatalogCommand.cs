using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin catalog</c>: the stdio packages administrators approve.</summary>
internal sealed class AdminCatalogCommand : CliCommand
{
    public AdminCatalogCommand(CliContext context)
        : base("catalog", "Approve stdio MCP packages for the catalog: add, list, dry-run, remove (administrator accounts only).")
    {
        Subcommands.Add(new AdminCatalogAddCommand(context));
        Subcommands.Add(new AdminCatalogListCommand(context));
        Subcommands.Add(new AdminCatalogDryRunCommand(context));
        Subcommands.Add(new AdminCatalogRemoveCommand(context));
        Examples =
        [
            "mcp-bridge admin catalog add github --command npx --arg -y --arg @modelcontextprotocol/server-github@2025.4.8 --env GITHUB_PERSONAL_ACCESS_TOKEN:secret:required --description \"GitHub issues and pull requests\" --category \"Developer tools\" --premium",
            "mcp-bridge admin catalog list",
            "mcp-bridge admin catalog remove github",
        ];
    }
}
