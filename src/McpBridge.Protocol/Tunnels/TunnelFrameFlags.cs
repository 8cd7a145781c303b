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
    /// <summary>
    /// On <see cref="TunnelFrameType.Open"/> or <see cref="TunnelFrameType.Response"/> (with <see cref="EndOfBody"/>): the
    /// whole body follows the head in the same frame, counted against the window like <see cref="TunnelFrameType.Data"/>.
    /// A short request or response is then one frame instead of three. From format version 2, on a
    /// <see cref="TunnelFrameType.Response"/> without <see cref="EndOfBody"/>: the body's first bytes, the rest following
    /// in <see cref="TunnelFrameType.Data"/> (a streamed answer whose first event was already at hand).
    /// </summary>
    InlineBody = 4,
}
