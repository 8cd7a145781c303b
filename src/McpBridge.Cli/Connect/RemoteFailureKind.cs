namespace McpBridge.Cli.Connect;

/// <summary>Why the remote MCP endpoint failed a message.</summary>
internal enum RemoteFailureKind
{
    /// <summary>HTTP 401: no key, or a key the server does not accept.</summary>
    Unauthorized,

    /// <summary>HTTP 403: the key may not use this endpoint (or the host/origin was refused).</summary>
    Forbidden,

    /// <summary>HTTP 404: no MCP endpoint at that URL, or the session it knew expired.</summary>
    NotFound,

    /// <summary>No connection: refused, unknown host, TLS failure, timeout.</summary>
    Unreachable,

    /// <summary>The remote closed its side of the session.</summary>
    Closed,

    /// <summary>Anything else (a 5xx, an answer that is not MCP); only this one message fails.</summary>
    Other,
}
