namespace McpBridge.Protocol.Tunnels;

/// <summary>Why a stream was reset.</summary>
public enum TunnelResetCode : byte
{
    /// <summary>The sender no longer wants the stream (a client went away, say).</summary>
    Cancelled = 1,
    /// <summary>The agent could not reach its local target (connection refused, timed out, name not found).</summary>
    TargetUnavailable = 2,
    /// <summary>The peer broke the protocol on this stream (sent past its window, a malformed head).</summary>
    ProtocolError = 3,
    /// <summary>An unexpected failure on the sender's side.</summary>
    InternalError = 4,
    /// <summary>The agent refuses more concurrent streams.</summary>
    Refused = 5,
}
