using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Servers;

/// <summary><c>mcp-bridge servers delete SERVER [--yes]</c>: asks first, unless told not to.</summary>
internal sealed class ServersDeleteCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Option<bool> s_yes = Confirmation.CreateYesOption();

    public ServersDeleteCommand(CliContext context)
        : base("delete", "Delete a server with its versions, keys and logs. Clients using it stop working.", context)
    {
        Aliases.Add("rm");
        Arguments.Add(s_server);
        Options.Add(s_yes);
        Examples = ["mcp-bridge servers delete notes", "mcp-bridge servers delete notes --yes"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        if (!invocation.ParseResult.GetValue(s_yes))
        {
            var console = Context.Console;
            if (console.IsInputRedirected)
            {
                return output.UsageError(
                    $"refusing to delete server '{server}' without confirmation: stdin is not a terminal",
                    $"pass --yes to delete without asking: `mcp-bridge servers delete {server} --yes`");
            }

            if (!await Confirmation.AskAsync(console, $"Delete server '{server}' with all its versions, keys and logs?", cancellationToken))
            {
                output.Error("not deleted");
                return ExitCodes.Failure;
            }
        }

        await invocation.Client.DeleteServerAsync(server, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(new DeletedResult(server, Deleted: true));
        }
        else
        {
            output.Line($"[green]Deleted[/] server [bold]{CommandOutput.Escape(server)}[/].");
        }

        return ExitCodes.Success;
    }
}
