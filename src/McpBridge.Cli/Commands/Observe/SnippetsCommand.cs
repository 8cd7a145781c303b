using System.CommandLine;
using McpBridge.Cli.Commands.Servers;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Observe;

/// <summary><c>mcp-bridge snippets SERVER [--key KEY]</c>: ready-to-paste client configuration.</summary>
internal sealed class SnippetsCommand : ApiCommand
{
    private static readonly Argument<string> s_server = ServerArguments.Create();

    private static readonly Option<string?> s_key = new("--key")
    {
        Description = "A server key to put in the snippets instead of the placeholder.",
        HelpName = "KEY",
    };

    public SnippetsCommand(CliContext context)
        : base("snippets", "Show ready-to-paste configuration for Claude Code, Claude Desktop, Cursor, VS Code and curl.", context)
    {
        Arguments.Add(s_server);
        Options.Add(s_key);
        Examples = ["mcp-bridge snippets notes", "mcp-bridge snippets notes --key mcpb_sk_..."];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var snippets = await invocation.Client.GetSnippetsAsync(invocation.ParseResult.GetRequiredValue(s_server), cancellationToken);
        if (invocation.ParseResult.GetValue(s_key) is { Length: > 0 } key)
        {
            snippets = SnippetViews.WithKey(snippets, key);
        }

        if (output.IsJson)
        {
            output.WriteJson(snippets);
            return ExitCodes.Success;
        }

        SnippetViews.Render(output, snippets);
        if (invocation.ParseResult.GetValue(s_key) is null)
        {
            output.Line();
            output.Line($"[grey]Replace {CommandOutput.Escape(snippets.KeyPlaceholder)} with a server key (`mcp-bridge keys create SERVER`), or pass --key.[/]");
        }

        return ExitCodes.Success;
    }
}
