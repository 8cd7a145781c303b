using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start TYPE</c>: run an MCP server (or forward to a local app) here and give it a public URL.</summary>
internal sealed class StartCommand : CliCommand
{
    public StartCommand(CliContext context)
        : base("start", "Run a local MCP server (or forward to a local web app) and give it a public URL through a tunnel.")
    {
        Options.Add(StartOptions.Cloud);
        Options.Add(StartOptions.Temp);
        Options.Add(StartOptions.Name);
        Options.Add(StartOptions.Quiet);
        Options.Add(StartOptions.Port);
        Subcommands.Add(new StartFilesystemCommand(context));
        Subcommands.Add(new StartGitCommand(context));
        Subcommands.Add(new StartPostgresCommand(context));
        Subcommands.Add(new StartHomeAssistantCommand(context));
        Subcommands.Add(new StartCustomCommand(context));
        Subcommands.Add(new StartHttpProxyCommand(context));
        Examples =
        [
            "mcp-bridge start filesystem --path ~/Documents/Research --cloud [--name research]",
            "mcp-bridge start git --repo ~/Projects/app --cloud",
            "mcp-bridge start postgres --connection \"postgresql://localhost:5432/db\" --cloud",
            "mcp-bridge start home-assistant --url http://homeassistant.local:8123 --token TOKEN --cloud",
            "mcp-bridge start http-proxy --target http://localhost:3000 --temp [--name client-demo]",
            "mcp-bridge start custom --command \"node server.js\" --temp",
        ];
    }
}
