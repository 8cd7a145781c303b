using System.CommandLine;
using System.Text.Json;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Tools;

/// <summary><c>mcp-bridge tools add SERVER CONNECTOR [--name N] [--config JSON|@file] [--set key=value]...</c>.</summary>
internal sealed class ToolsAddCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Argument<string> s_connector = new("CONNECTOR")
    {
        Description = "The catalog connector id (see `mcp-bridge catalog`).",
    };

    private static readonly Option<string?> s_name = new("--name")
    {
        Description = "A name for this tool instance (default: the connector id); prefixes its tool names on collision.",
        HelpName = "NAME",
    };

    private static readonly Option<string?> s_config = new("--config")
    {
        Description = "The connector's configuration as a JSON object, or @path to read it from a file.",
        HelpName = "JSON|@FILE",
    };

    private static readonly Option<string[]> s_set = new("--set")
    {
        Description = "Set one configuration value (repeatable); typed by the connector's schema; a.b=v for nested values. Applied after --config.",
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public ToolsAddCommand(CliContext context)
        : base("add", "Add a connector, configured, to a server's draft.", context)
    {
        Arguments.Add(s_server);
        Arguments.Add(s_connector);
        Options.Add(s_name);
        Options.Add(s_config);
        Options.Add(s_set);
        Examples =
        [
            "mcp-bridge tools add notes fetch",
            "mcp-bridge tools add notes filesystem --set readOnly=true",
            "mcp-bridge tools add notes remote --name docs --config @remote.json",
            "mcp-bridge tools add notes postgres --config '{\"connectionString\": \"Host=db;Database=app\"}'",
        ];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var parse = invocation.ParseResult;
        var connector = parse.GetRequiredValue(s_connector);

        var read = await ToolConfigBuilder.ReadConfigAsync(parse.GetValue(s_config), cancellationToken);
        if (read.Config is not { } config)
        {
            return output.UsageError(read.Error!);
        }

        var assignments = parse.GetValue(s_set) ?? [];
        if (assignments.Length > 0)
        {
            // Only needed to type the --set values; an unknown connector is for the server to reject.
            var catalog = await invocation.Client.ListCatalogAsync(cancellationToken);
            var schema = catalog.FirstOrDefault(c => string.Equals(c.Id, connector, StringComparison.Ordinal))?.ConfigSchema;
            foreach (var assignment in assignments)
            {
                if (ToolConfigBuilder.ApplySet(config, assignment, schema) is { } error)
                {
                    return output.UsageError(error);
                }
            }
        }

        var request = new AddToolRequest(
            connector,
            config.Count == 0 ? null : JsonSerializer.SerializeToElement(config),
            parse.GetValue(s_name));
        var server = parse.GetRequiredValue(s_server);
        var tool = await invocation.Client.AddToolAsync(server, request, cancellationToken);

        if (output.IsJson)
        {
            output.WriteJson(tool);
            return ExitCodes.Success;
        }

        output.Line($"[green]Added[/] tool [bold]{CommandOutput.Escape(tool.Name)}[/] ({CommandOutput.Escape(tool.Connector)}) to {CommandOutput.Escape(server)}'s draft.");
        output.Line($"Deploy to make it live: `mcp-bridge deploy {CommandOutput.Escape(server)}`.");
        return ExitCodes.Success;
    }
}
