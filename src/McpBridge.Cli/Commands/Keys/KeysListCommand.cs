using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Keys;

/// <summary><c>mcp-bridge keys list SERVER</c>.</summary>
internal sealed class KeysListCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    public KeysListCommand(CliContext context)
        : base("list", "List a server's keys (never the secret, only its prefix).", context)
    {
        Aliases.Add("ls");
        Arguments.Add(s_server);
        Examples = ["mcp-bridge keys list notes"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var keys = await invocation.Client.ListServerKeysAsync(server, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(keys);
        }
        else if (keys.Count == 0)
        {
            output.Line($"{CommandOutput.Escape(server)} has no keys. Create one with `mcp-bridge keys create {CommandOutput.Escape(server)}`.");
        }
        else
        {
            output.Out.Write(ServerViews.KeyTable(keys, output));
        }

        return ExitCodes.Success;
    }
}
