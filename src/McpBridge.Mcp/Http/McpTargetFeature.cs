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
}
