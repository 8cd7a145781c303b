using System.Buffers.Binary;

namespace McpBridge.Protocol.Tunnels;

/// <summary>
/// The tunnel wire format. Every frame is one binary WebSocket message (or one of a <see cref="TunnelFrameType.Batch"/>):
/// <c>[type: 1 byte][flags: 1 byte][stream id: 4 bytes, big-endian][payload]</c>; the payload runs to the end of the message.
/// Stream 0 is the connection itself (pings, notices); the relay opens streams with odd ids.
/// </summary>
public static class TunnelFrame
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderLength = 6;

    /// <summary>The largest <see cref="TunnelFrameType.Data"/> payload a sender puts in one frame.</summary>
    public const int MaxDataPayload = 32 * 1024;

    /// <summary>The largest frame a receiver accepts (heads included); a larger one is a protocol error.</summary>
    public const int MaxFrameLength = 256 * 1024;

    /// <summary>The window each side starts with on every stream, in each direction.</summary>
    public const int InitialWindow = 256 * 1024;

    /// <summary>
    /// Version of the frame format, sent by the agent in the <see cref="VersionHeader"/> header of its connect request
    /// and by the relay in the same header of its answer (101). Each side uses what both know: 2 adds
    /// <see cref="TunnelFrameType.Batch"/>, and a <see cref="TunnelFrameType.Response"/> whose inline body is only the
    /// body's beginning (<see cref="TunnelFrameFlags.InlineBody"/> without <see cref="TunnelFrameFlags.EndOfBody"/>).
    /// A peer that sends no header speaks version 1.
    /// </summary>
    public const int Version = 2;

    /// <summary>The HTTP header of the connect request and of its answer that carries <see cref="Version"/>.</summary>
    public const string VersionHeader = "Mcp-Bridge-Tunnel-Version";

    /// <summary>Writes a frame header into the first <see cref="HeaderLength"/> bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, TunnelFrameType type, TunnelFrameFlags flags, uint streamId)
    {
        destination[0] = (byte)type;
        destination[1] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], streamId);
    }

    /// <summary>The version a peer announced in its <see cref="VersionHeader"/> header: 1 when it sent none (or nonsense).</summary>
    public static int ParseVersion(string? header) =>
        int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= 1 ? version : 1;

    /// <summary>Reads a frame header; false when <paramref name="frame"/> is shorter than a header.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> frame, out TunnelFrameType type, out TunnelFrameFlags flags, out uint streamId)
    {
        if (frame.Length < HeaderLength)
        {
            type = default;
            flags = default;
            streamId = 0;
            return false;
        }

        type = (TunnelFrameType)frame[0];
        flags = (TunnelFrameFlags)frame[1];
        streamId = BinaryPrimitives.ReadUInt32BigEndian(frame[2..]);
        return true;
    }
}
