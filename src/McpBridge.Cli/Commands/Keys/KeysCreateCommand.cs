using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Keys;

/// <summary><c>mcp-bridge keys create SERVER [--name N]</c>.</summary>
internal sealed class KeysCreateCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Option<string?> s_name = new("--name")
    {
        Description = "A label for the key, e.g. laptop or claude-desktop.",
        HelpName = "NAME",
    };

    public KeysCreateCommand(CliContext context)
        : base("create", "Create a key for a server; prints it once, with ready-to-paste client configuration.", context)
    {
        Arguments.Add(s_server);
        Options.Add(s_name);
        Examples = ["mcp-bridge keys create notes", "mcp-bridge keys create notes --name claude-desktop"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var server = invocation.ParseResult.GetRequiredValue(s_server);
        var key = await invocation.Client.CreateServerKeyAsync(server, new CreateKeyRequest(invocation.ParseResult.GetValue(s_name)), cancellationToken);
        return await NewKeyPresenter.PresentAsync(invocation, server, key, "Created", cancellationToken);
    }
}
