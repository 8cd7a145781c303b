using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>ModelContextProtocol.Core clients of a <see cref="McpTestServer"/>.</summary>
internal static class TestClients
{
    /// <summary>A 2025-11-25 Streamable HTTP session (unless <paramref name="options"/> says otherwise).</summary>
    public static Task<McpClient> ConnectAsync(McpTestServer server, McpClientOptions? options = null) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(server.Url), TransportMode = HttpTransportMode.StreamableHttp }),
            options ?? new McpClientOptions { ProtocolVersion = "2025-11-25" });

    /// <summary>The text content of a tool result.</summary>
    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
