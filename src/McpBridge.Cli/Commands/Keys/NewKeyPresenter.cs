using McpBridge.Cli.Commands.Observe;
using McpBridge.Cli.Infrastructure;
using McpBridge.Client;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Keys;

/// <summary>Shows a just-created key once, then the server's client snippets with that key filled in.</summary>
internal static class NewKeyPresenter
{
    public static async Task<int> PresentAsync(ApiInvocation invocation, string server, KeyCreated key, string verb, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        if (output.IsJson)
        {
            output.WriteJson(key);
            return ExitCodes.Success;
        }

        // The key first: whatever happens next, it must not be lost.
        output.Line($"[green]{verb}[/] key [bold]{CommandOutput.Escape(key.Name ?? key.Id)}[/] (id {CommandOutput.Escape(key.Id)}) for {CommandOutput.Escape(server)}:");
        output.Line();
        output.Line($"  [bold yellow]{CommandOutput.Escape(key.Key)}[/]");
        output.Line();
        output.Line("[yellow]This key is shown only once. Store it now, e.g. in your client's configuration below.[/]");

        SnippetSet snippets;
        try
        {
            snippets = await invocation.Client.GetSnippetsAsync(server, cancellationToken);
        }
        catch (Exception ex) when (ex is McpBridgeApiException or McpBridgeConnectionException)
        {
            output.Warning($"could not fetch the client snippets ({ex.Message}); run `mcp-bridge snippets {server} --key KEY` later");
            return ExitCodes.Success;
        }

        output.Line();
        SnippetViews.Render(output, SnippetViews.WithKey(snippets, key.Key));
        return ExitCodes.Success;
    }
}
