using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Start;

/// <summary>
/// Ready-to-paste client configuration for a tunnel's URL, shaped like a hosted server's snippets (see the server's
/// SnippetBuilder) but without a key: the URL itself is the MCP endpoint, and anyone who has it can use it.
/// </summary>
internal static class TunnelSnippets
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static SnippetSet Build(string name, Uri publicUrl)
    {
        var url = publicUrl.AbsoluteUri.TrimEnd('/');
        var snippets = new List<ClientSnippet>
        {
            new("url", "ChatGPT and Claude.ai connectors", "the connector's URL field", "text", url),
            new("claude-code", "Claude Code", "a terminal", "shell", $"claude mcp add --transport http {name} {url}"),
            new("cursor", "Cursor", ".cursor/mcp.json, or ~/.cursor/mcp.json for every project", "json", Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject { [name] = new JsonObject { ["url"] = url } },
            })),
            new("vscode", "VS Code", ".vscode/mcp.json", "json", Json(new JsonObject
            {
                ["servers"] = new JsonObject { [name] = new JsonObject { ["type"] = "http", ["url"] = url } },
            })),
        };
        return new SnippetSet(url, url + "/sse", string.Empty, snippets);
    }

    private static string Json(JsonNode node) => node.ToJsonString(s_indented);
}
