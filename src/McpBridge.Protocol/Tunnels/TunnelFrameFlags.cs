namespace McpBridge.Protocol.Tunnels;

/// <summary>Flags of a tunnel frame.</summary>
[Flags]
public enum TunnelFrameFlags : byte
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>
    /// On <see cref="TunnelFrameType.Open"/> or <see cref="TunnelFrameType.Response"/>: no body follows (the head is also
    /// the end). On <see cref="TunnelFrameType.Data"/>: this is the body's last frame (an <see cref="TunnelFrameType.End"/> saved).
    /// </summary>
    EndOfBody = 1,
    /// <summary>On <see cref="TunnelFrameType.Open"/>: the request is a protocol upgrade (WebSocket); after the response head both sides exchange raw bytes.</summary>
    Upgrade = 2,
}
