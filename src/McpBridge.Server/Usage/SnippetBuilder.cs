using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Protocol.Api;

namespace McpBridge.Server.Usage;

/// <summary>Ready-to-paste configuration of each popular MCP client for a server's endpoint.</summary>
internal static class SnippetBuilder
{
    public const string KeyPlaceholder = "YOUR_SERVER_KEY";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static SnippetSet Build(string slug, ServerEndpoints endpoints)
    {
        var url = endpoints.Mcp;
        var bearer = $"Bearer {KeyPlaceholder}";
        var snippets = new List<ClientSnippet>
        {
            new("claude-code", "Claude Code", "a terminal", "shell",
                $"claude mcp add --transport http {slug} {url} --header \"Authorization: {bearer}\""),
            new("cursor", "Cursor", ".cursor/mcp.json, or ~/.cursor/mcp.json for every project", "json", Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject { [slug] = new JsonObject { ["url"] = url, ["headers"] = new JsonObject { ["Authorization"] = bearer } } },
            })),
            new("vscode", "VS Code", ".vscode/mcp.json", "json", Json(new JsonObject
            {
                ["servers"] = new JsonObject { [slug] = new JsonObject { ["type"] = "http", ["url"] = url, ["headers"] = new JsonObject { ["Authorization"] = bearer } } },
            })),
            new("claude-desktop", "Claude Desktop", "claude_desktop_config.json: Settings → Developer → Edit Config; needs the mcp-bridge tool installed", "json", Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject
                {
                    [slug] = new JsonObject { ["command"] = "mcp-bridge", ["args"] = new JsonArray("connect", url, "--key", KeyPlaceholder) },
                },
            })),
            new("url", "ChatGPT and Claude.ai connectors", "the connector's URL field; the key travels in the URL, so keep it private", "text",
                $"{url}?key={KeyPlaceholder}"),
            new("curl", "Test with curl", "a terminal: one stateless MCP 2026-07-28 request, no session needed", "shell",
                $"curl -s {url} \\\n  -H \"Authorization: {bearer}\" \\\n  -H \"Content-Type: application/json\" \\\n  -H \"Accept: application/json, text/event-stream\" \\\n" +
                "  -H \"MCP-Protocol-Version: 2026-07-28\" -H \"Mcp-Method: tools/list\" \\\n" +
                "  -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}}'"),
        };
        return new SnippetSet(url, endpoints.Sse, KeyPlaceholder, snippets);
    }

    private static string Json(JsonNode node) => node.ToJsonString(s_indented);
}
