namespace McpBridge.Protocol.Tunnels;

/// <summary>The head of a request forwarded through a tunnel.</summary>
/// <param name="Method">The HTTP method, e.g. <c>GET</c>.</param>
/// <param name="Target">Path and query as the local target should see them, e.g. <c>/mcp?x=1</c>.</param>
/// <param name="Headers">Request headers, hop-by-hop ones removed and <c>X-Forwarded-*</c> added by the relay.</param>
public sealed record TunnelRequestHead(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>How many bytes <see cref="Write"/> needs.</summary>
    public int GetEncodedLength() =>
        TunnelHeadCodec.StringLength(Method) + TunnelHeadCodec.StringLength(Target) + TunnelHeadCodec.HeadersLength(Headers);

    /// <summary>Writes the head; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        var written = TunnelHeadCodec.WriteString(destination, Method);
        written += TunnelHeadCodec.WriteString(destination[written..], Target);
        return written + TunnelHeadCodec.WriteHeaders(destination[written..], Headers);
    }

    /// <summary>Reads a head written by <see cref="Write"/>; false when <paramref name="source"/> is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out TunnelRequestHead head) =>
        TryRead(source, out head, out var consumed) && consumed == source.Length;

    /// <summary>Reads a head at the start of <paramref name="source"/>; <paramref name="consumed"/> says where it ends (an inline body follows).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out TunnelRequestHead head, out int consumed)
    {
        head = null!;
        consumed = 0;
        var rest = source;
        if (!TunnelHeadCodec.TryReadString(ref rest, out var method) || method.Length == 0 ||
            !TunnelHeadCodec.TryReadString(ref rest, out var target) || !target.StartsWith('/') ||
            !TunnelHeadCodec.TryReadHeaders(ref rest, out var headers))
        {
            return false;
        }

        head = new TunnelRequestHead(method, target, headers);
        consumed = source.Length - rest.Length;
        return true;
    }
}
