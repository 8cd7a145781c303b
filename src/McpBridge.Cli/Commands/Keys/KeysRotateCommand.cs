using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Keys;

/// <summary><c>mcp-bridge keys rotate SERVER KEYID</c>: a new key replaces the old one, which is revoked.</summary>
internal sealed class KeysRotateCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Argument<string> s_keyId = KeyIdArgument.Create();

    public KeysRotateCommand(CliContext context)
        : base("rotate", "Replace a key with a new one; the old key stops working at once.", context)
    {
        Arguments.Add(s_server);
        Arguments.Add(s_keyId);
        Examples = ["mcp-bridge keys rotate notes key_123"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var key = await invocation.Client.RotateServerKeyAsync(server, invocation.ParseResult.GetRequiredValue(s_keyId), cancellationToken);
        return await NewKeyPresenter.PresentAsync(invocation, server, key, "Rotated: new", cancellationToken);
    }
}
