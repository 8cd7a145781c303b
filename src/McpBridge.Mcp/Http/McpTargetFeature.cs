namespace McpBridge.Mcp.Http;

/// <summary>
/// Set on the request by the host application before the MCP handlers run: which target the request is for,
/// and who is calling (sessions stay bound to the caller that opened them).
/// </summary>
public sealed class McpTargetFeature
{
    public McpTargetFeature(IMcpTarget target, string principal)
    {
        Target = target;
        Principal = principal;
    }

    public IMcpTarget Target { get; }

    /// <summary>An identity for the caller, e.g. the id of the server key it used.</summary>
    public string Principal { get; }

    /// <summary>
    /// Query parameters (without <c>?</c>) to add to the legacy SSE message endpoint the stream announces, e.g.
    /// <c>key=...</c> when the client authenticated with a query parameter and cannot send headers.
    /// </summary>
    public string? MessageEndpointQuery { get; init; }
}
