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
    public static bool TryRead(ReadOnlySpan<byte> source, out TunnelResponseHead head)
    {
        head = null!;
        if (!TunnelHeadCodec.TryReadVarint(ref source, out var status) || status is < 100 or > 999 ||
            !TunnelHeadCodec.TryReadHeaders(ref source, out var headers) || !source.IsEmpty)
        {
            return false;
        }

        head = new TunnelResponseHead((int)status, headers);
        return true;
    }
}
