namespace McpBridge.Mcp.Http;

/// <summary>Settings of the MCP HTTP endpoints (section <c>Mcp</c>).</summary>
public sealed class McpHttpOptions
{
    public const string SectionName = "Mcp";

    /// <summary>A session with no request and no open stream for this long is closed; the client re-initializes.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest JSON-RPC message body accepted, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Open sessions allowed on this node; beyond it the longest-idle session is closed first.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>
    /// Host names (or <c>*.domain</c> patterns) requests may name in <c>Host</c>; anything else is refused as a
    /// possible DNS-rebinding attack. Ports are ignored. Loopback names are always allowed.
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>Extra browser origins allowed to call the endpoints (besides origins on an allowed host).</summary>
    public IList<string> AllowedOrigins { get; set; } = [];
}
