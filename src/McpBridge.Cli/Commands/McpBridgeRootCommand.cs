using System.CommandLine;
using System.CommandLine.Help;
using McpBridge.Cli.Commands.Account;
using McpBridge.Cli.Commands.Admin;
using McpBridge.Cli.Commands.Catalog;
using McpBridge.Cli.Commands.Connect;
using McpBridge.Cli.Commands.Deploy;
using McpBridge.Cli.Commands.Keys;
using McpBridge.Cli.Commands.Observe;
using McpBridge.Cli.Commands.Serve;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Commands.Start;
using McpBridge.Cli.Commands.Tools;
using McpBridge.Cli.Commands.Tunnels;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands;

/// <summary>The <c>mcp-bridge</c> command and every verb under it.</summary>
internal sealed class McpBridgeRootCommand : RootCommand, IHasExamples
{
    public McpBridgeRootCommand(CliContext context)
        : base("mcp-bridge: run the MCP Bridge cloud, manage hosted MCP servers, and bridge stdio MCP clients to remote endpoints.")
    {
        Options.Add(GlobalOptions.Server);
        Options.Add(GlobalOptions.ApiKey);
        Options.Add(GlobalOptions.Json);

        Subcommands.Add(new ServeCommand(context));
        Subcommands.Add(new SignupCommand(context));
        Subcommands.Add(new LoginCommand(context));
        Subcommands.Add(new LogoutCommand(context));
        Subcommands.Add(new LinkGitHubCommand(context));
        Subcommands.Add(new WhoAmICommand(context));
        Subcommands.Add(new ServersCommand(context));
        Subcommands.Add(new CatalogCommand(context));
        Subcommands.Add(new ToolsCommand(context));
        Subcommands.Add(new DeployCommand(context));
        Subcommands.Add(new KeysCommand(context));
        Subcommands.Add(new UsageCommand(context));
        Subcommands.Add(new LogsCommand(context));
        Subcommands.Add(new SnippetsCommand(context));
        Subcommands.Add(new StartCommand(context));
        Subcommands.Add(new TunnelsCommand(context));
        Subcommands.Add(new ConnectCommand(context));
        Subcommands.Add(new AdminCommand(context));

        Examples =
        [
            "mcp-bridge serve                                  # run the cloud on http://127.0.0.1:5000",
            "mcp-bridge signup --name sarah                    # create an account and store its key",
            "mcp-bridge servers create notes",
            "mcp-bridge tools add notes filesystem",
            "mcp-bridge deploy notes",
            "mcp-bridge keys create notes --name claude-desktop",
            "mcp-bridge start filesystem --path ~/notes --cloud  # a local folder at a public URL that never changes",
            "mcp-bridge tunnels list",
            "mcp-bridge connect https://notes.example.com/mcp --key KEY",
        ];

        foreach (var help in Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction standard)
            {
                help.Action = new ExamplesHelpAction(standard);
            }
        }
    }

    public IReadOnlyList<string> Examples { get; }
}
