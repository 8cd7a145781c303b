namespace McpBridge.Protocol.Tunnels;

/// <summary>What a tunnel frame carries. One WebSocket binary message is one frame (or a <see cref="Batch"/> of them).</summary>
public enum TunnelFrameType : byte
{
    /// <summary>Opens a stream (relay to agent): the payload is a <see cref="TunnelRequestHead"/>.</summary>
    Open = 1,
    /// <summary>The response head on a stream (agent to relay): the payload is a <see cref="TunnelResponseHead"/>.</summary>
    Response = 2,
    /// <summary>Body bytes on a stream, counted against the receiver's window.</summary>
    Data = 3,
    /// <summary>The sender will send no more body on this stream (a half close).</summary>
    End = 4,
    /// <summary>Aborts a stream in both directions: the payload is a <see cref="TunnelResetCode"/> byte and a UTF-8 reason.</summary>
    Reset = 5,
    /// <summary>Grants the peer more room to send on a stream: the payload is a 32-bit big-endian increment.</summary>
    Window = 6,
    /// <summary>Heartbeat on stream 0: the payload (8 bytes) is echoed in a <see cref="Pong"/>.</summary>
    Ping = 7,
    /// <summary>The answer to a <see cref="Ping"/>.</summary>
    Pong = 8,
    /// <summary>A connection-level message on stream 0: the payload is a JSON <see cref="TunnelNotice"/>.</summary>
    Notice = 9,
    /// <summary>
    /// Several frames in one message, on stream 0 (format version 2): the payload is a sequence of
    /// <c>[length: 4 bytes, big-endian][frame]</c>, read in order as if each had come alone. A batch holds no batch.
    /// Sent only to a peer that announced version 2 or later (one before it skips the type).
    /// </summary>
    Batch = 10,
}
