using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Keys;

/// <summary><c>mcp-bridge keys revoke SERVER KEYID</c>.</summary>
internal sealed class KeysRevokeCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Argument<string> s_keyId = KeyIdArgument.Create();

    public KeysRevokeCommand(CliContext context)
        : base("revoke", "Revoke a key: clients using it are refused from now on.", context)
    {
        Arguments.Add(s_server);
        Arguments.Add(s_keyId);
        Examples = ["mcp-bridge keys revoke notes key_123"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var keyId = invocation.ParseResult.GetRequiredValue(s_keyId);
        await invocation.Client.RevokeServerKeyAsync(server, keyId, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(new DeletedResult(keyId, Deleted: true));
        }
        else
        {
            output.Line($"[green]Revoked[/] key {CommandOutput.Escape(keyId)} of {CommandOutput.Escape(server)}.");
        }

        return ExitCodes.Success;
    }
}
