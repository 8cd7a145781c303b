using System.CommandLine;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Servers;

/// <summary><c>mcp-bridge servers create NAME</c>.</summary>
internal sealed class ServersCreateCommand : ApiCommand
{
    private static readonly Argument<string> s_name = new("NAME")
    {
        Description = "The server's display name; its slug (used in the endpoint URL) is derived from it.",
    };

    public ServersCreateCommand(CliContext context)
        : base("create", "Create a hosted MCP server (a draft until its first deploy).", context)
    {
        Arguments.Add(s_name);
        Examples = ["mcp-bridge servers create notes", "mcp-bridge servers create \"Team tools\" --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = await invocation.Client.CreateServerAsync(new CreateServerRequest(invocation.ParseResult.GetRequiredValue(s_name)), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(server);
            return ExitCodes.Success;
        }

        output.Line($"[green]Created[/] server [bold]{CommandOutput.Escape(server.Name)}[/] (slug [bold]{CommandOutput.Escape(server.Slug)}[/]).");
        output.Out.Write(ServerViews.ServerGrid(server, output));
        output.Line();
        output.Line($"Next: add tools with `mcp-bridge tools add {CommandOutput.Escape(server.Slug)} CONNECTOR` (see `mcp-bridge catalog`), then `mcp-bridge deploy {CommandOutput.Escape(server.Slug)}`.");
        return ExitCodes.Success;
    }
}
