using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Http;

/// <summary>What an MCP endpoint serves: it makes the server options for each new session (or stateless request).</summary>
public interface IMcpTarget
{
    /// <summary>A stable id; sessions opened through one target are never served through another.</summary>
    string Id { get; }

    /// <summary>Options for a new MCP server session. <paramref name="stateless"/> is true for 2026-07-28 requests.</summary>
    McpServerOptions CreateServerOptions(bool stateless);

    /// <summary>A sessionful client connected (2025-era Streamable HTTP, or legacy SSE).</summary>
    void OnSessionStarted(string sessionId, McpServer server);

    /// <summary>The session ended (deleted, expired, disconnected).</summary>
    void OnSessionEnded(string sessionId);

    /// <summary>
    /// Ends every held-open <c>subscriptions/listen</c> request with its result (the host is stopping, say); how many
    /// there were. A target that keeps no listeners has none to end.
    /// </summary>
    Task<int> CloseListenersAsync() => Task.FromResult(0);
}
