namespace McpBridge.Protocol.Tunnels;

/// <summary>
/// The agent's connect request: <c>GET /api/v1/tunnels/connect?name=..&amp;temporary=true&amp;resume=..</c> upgraded to a
/// WebSocket, with the account key as <c>Authorization: Bearer</c> (none for an anonymous temporary tunnel). A refusal
/// comes back before the upgrade as an HTTP status with a ProblemDetails body.
/// </summary>
public static class TunnelConnectQuery
{
    /// <summary>The connect path, relative to the server URL.</summary>
    public const string Path = "/api/v1/tunnels/connect";

    /// <summary>The requested name (a persistent name, or the middle part of a temporary one).</summary>
    public const string Name = "name";

    /// <summary><c>true</c> for a temporary tunnel.</summary>
    public const string Temporary = "temporary";

    /// <summary>The resume token of a temporary tunnel, to get the same name back.</summary>
    public const string Resume = "resume";

    /// <summary>Response header of a refused connect: the error code (a WebSocket client sees headers, not the body).</summary>
    public const string ErrorCodeHeader = "Mcp-Bridge-Error-Code";

    /// <summary>Response header of a refused connect: the detail, URI-escaped.</summary>
    public const string ErrorDetailHeader = "Mcp-Bridge-Error";
}
