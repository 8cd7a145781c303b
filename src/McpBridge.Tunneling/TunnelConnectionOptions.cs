using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling;

/// <summary>How one end of a tunnel behaves.</summary>
public sealed class TunnelConnectionOptions
{
    /// <summary>
    /// Handles a stream the peer opened (the agent's side: a forwarded request). Null refuses every stream.
    /// Each call runs on its own; the stream is reset if the handler throws.
    /// </summary>
    public Func<TunnelStream, Task>? AcceptStream { get; init; }

    /// <summary>Called with each notice the peer sends (the agent's side).</summary>
    public Action<TunnelNotice>? NoticeReceived { get; init; }

    /// <summary>Streams the peer may have open at once; more are reset with <see cref="TunnelResetCode.Refused"/>.</summary>
    public int MaxConcurrentStreams { get; init; } = 1000;

    /// <summary>
    /// The frame format version the peer announced (<see cref="TunnelFrame.Version"/>): what came after it is not sent.
    /// </summary>
    public int PeerVersion { get; init; } = 1;

    /// <summary>Source of timestamps for liveness.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
