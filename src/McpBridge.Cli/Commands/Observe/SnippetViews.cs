using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Observe;

/// <summary>Client configuration snippets: filling in a key, and showing them.</summary>
internal static class SnippetViews
{
    public static SnippetSet WithKey(SnippetSet snippets, string key)
    {
        if (string.IsNullOrEmpty(snippets.KeyPlaceholder))
        {
            return snippets;
        }

        return snippets with
        {
            Snippets = snippets.Snippets
                .Select(s => s with { Content = s.Content.Replace(snippets.KeyPlaceholder, key, StringComparison.Ordinal) })
                .ToArray(),
        };
    }

    public static void Render(CommandOutput output, SnippetSet snippets)
    {
        output.Line($"Endpoint: [link]{CommandOutput.Escape(snippets.Endpoint)}[/]   (legacy SSE: {CommandOutput.Escape(snippets.SseEndpoint)})");
        foreach (var snippet in snippets.Snippets)
        {
            output.Line();
            output.Line($"[bold underline]{CommandOutput.Escape(snippet.Title)}[/] [grey]({CommandOutput.Escape(snippet.Where)})[/]");

            // Straight to stdout, not through Spectre: a snippet wrapped at the terminal's width (a key cut in
            // two, a JSON string broken over lines) no longer works when pasted.
            output.Console.Output.WriteLine(snippet.Content.TrimEnd());
        }
    }
}
