using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Tunnels;

/// <summary><c>mcp-bridge tunnels release NAME [--yes]</c>: gives a name back; asks first, unless told not to.</summary>
internal sealed class TunnelsReleaseCommand : ApiCommand
{
    private static readonly Argument<string> s_name = TunnelNameArgument.Create();

    private static readonly Option<bool> s_yes = Confirmation.CreateYesOption();

    public TunnelsReleaseCommand(CliContext context)
        : base("release", "Release a tunnel name: a connected agent is stopped, and anyone may take the name afterwards.", context)
    {
        Arguments.Add(s_name);
        Options.Add(s_yes);
        Examples = ["mcp-bridge tunnels release research", "mcp-bridge tunnels release research --yes"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var name = invocation.ParseResult.GetRequiredValue(s_name);
        if (!invocation.ParseResult.GetValue(s_yes))
        {
            var console = Context.Console;
            if (console.IsInputRedirected)
            {
                return output.UsageError(
                    $"refusing to release tunnel '{name}' without confirmation: stdin is not a terminal",
                    $"pass --yes to release without asking: `mcp-bridge tunnels release {name} --yes`");
            }

            if (!await Confirmation.AskAsync(console, $"Release tunnel '{name}'? Its URL stops working and anyone may take the name.", cancellationToken))
            {
                output.Error("not released");
                return ExitCodes.Failure;
            }
        }

        await invocation.Client.ReleaseTunnelAsync(name, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(new DeletedResult(name, Deleted: true));
        }
        else
        {
            output.Line($"[green]Released[/] tunnel [bold]{CommandOutput.Escape(name)}[/].");
        }

        return ExitCodes.Success;
    }
}
