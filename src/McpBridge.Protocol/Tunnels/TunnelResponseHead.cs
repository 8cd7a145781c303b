namespace McpBridge.Protocol.Tunnels;

/// <summary>The head of a response coming back through a tunnel.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Headers">Response headers (content headers included).</param>
public sealed record TunnelResponseHead(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>How many bytes <see cref="Write"/> needs.</summary>
    public int GetEncodedLength() => TunnelHeadCodec.VarintLength((uint)Status) + TunnelHeadCodec.HeadersLength(Headers);

    /// <summary>Writes the head; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        var written = TunnelHeadCodec.WriteVarint(destination, (uint)Status);
        return written + TunnelHeadCodec.WriteHeaders(destination[written..], Headers);
    }

    /// <summary>Reads a head written by <see cref="Write"/>; false when <paramref name="source"/> is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out TunnelResponseHead head) =>
        TryRead(source, out head, out var consumed) && consumed == source.Length;

    /// <summary>Reads a head at the start of <paramref name="source"/>; <paramref name="consumed"/> says where it ends (an inline body follows).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out TunnelResponseHead head, out int consumed)
    {
        head = null!;
        consumed = 0;
        var rest = source;
        if (!TunnelHeadCodec.TryReadVarint(ref rest, out var status) || status is < 100 or > 999 ||
            !TunnelHeadCodec.TryReadHeaders(ref rest, out var headers))
        {
            return false;
        }

        head = new TunnelResponseHead((int)status, headers);
        consumed = source.Length - rest.Length;
        return true;
    }
}
