using System.CommandLine;
using System.Globalization;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Deploy;

/// <summary><c>mcp-bridge deploy SERVER [--version N]</c>: makes the draft (or an earlier version) live.</summary>
internal sealed class DeployCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Option<int?> s_version = CreateVersionOption();

    public DeployCommand(CliContext context)
        : base("deploy", "Deploy a server's draft as a new version, or roll back to an earlier version with --version.", context)
    {
        Arguments.Add(s_server);
        Options.Add(s_version);
        Examples = ["mcp-bridge deploy notes", "mcp-bridge deploy notes --version 3      # roll back to v3"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var version = invocation.ParseResult.GetValue(s_version);
        var request = new DeployRequest(version);

        DeployResponse response;
        if (output.IsJson)
        {
            response = await invocation.Client.DeployAsync(server, request, cancellationToken);
            output.WriteJson(response);
            return ExitCodes.Success;
        }

        var status = version is { } v ? $"Rolling {server} back to v{v}..." : $"Deploying {server}...";
        response = await output.Out.Status().StartAsync(
            CommandOutput.Escape(status),
            _ => invocation.Client.DeployAsync(server, request, cancellationToken));

        var headline = response.RolledBackTo is { } back
            ? $"[green]Rolled back[/] [bold]{CommandOutput.Escape(server)}[/] to v{back}: version [bold]v{response.Version}[/] is live."
            : $"[green]Deployed[/] [bold]{CommandOutput.Escape(server)}[/]: version [bold]v{response.Version}[/] is live.";
        output.Line(headline);
        output.Line();

        var endpoints = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        ServerViews.AddEndpoints(endpoints, response.Endpoints);
        output.Out.Write(endpoints);
        output.Line();

        if (response.Sources.Count > 0)
        {
            var table = new Table().AddColumns("SOURCE", "CONNECTOR", "STATUS", "TOOLS", "ERROR");
            foreach (var source in response.Sources)
            {
                table.AddRow(
                    CommandOutput.Escape(source.Name),
                    CommandOutput.Escape(source.Connector),
                    ServerViews.Status(source.Status),
                    source.ToolCount.ToString(CultureInfo.InvariantCulture),
                    source.Error is null ? "" : $"[red]{CommandOutput.Escape(source.Error)}[/]");
            }

            output.Out.Write(table);
        }

        output.Line(response.Tools.Count == 0
            ? "[yellow]No tools are served: add some with `mcp-bridge tools add`.[/]"
            : $"Tools ({response.Tools.Count}): {CommandOutput.Escape(string.Join(", ", response.Tools))}");

        var failed = response.Sources.Count(s => s.Status == "failed");
        if (failed > 0)
        {
            output.Warning($"{failed} source(s) failed to start; their tools are unavailable until fixed (see `mcp-bridge logs {server} --level error`)");
        }

        output.Line($"[grey]Get a key and client configuration: `mcp-bridge keys create {CommandOutput.Escape(server)}`.[/]");
        return ExitCodes.Success;
    }

    private static Option<int?> CreateVersionOption()
    {
        var option = new Option<int?>("--version")
        {
            Description = "Deploy this earlier version again (rollback) instead of the draft.",
            HelpName = "N",
        };
        return option.InRange(1, long.MaxValue);
    }
}
