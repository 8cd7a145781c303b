using System.Text;

namespace McpBridge.Protocol.Tunnels;

/// <summary>
/// Heads are written as a sequence of length-prefixed UTF-8 strings (lengths as unsigned LEB128 varints):
/// a request is <c>method, target, count, (name, value)*</c>; a response is <c>status (varint), count, (name, value)*</c>.
/// </summary>
internal static class TunnelHeadCodec
{
    public static int StringLength(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarintLength((uint)bytes) + bytes;
    }

    public static int VarintLength(uint value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    public static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteString(Span<byte> destination, string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        var written = WriteVarint(destination, (uint)bytes);
        return written + Encoding.UTF8.GetBytes(value, destination[written..]);
    }

    public static bool TryReadVarint(ref ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (source.IsEmpty)
            {
                return false;
            }

            var b = source[0];
            source = source[1..];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryReadString(ref ReadOnlySpan<byte> source, out string value)
    {
        value = string.Empty;
        if (!TryReadVarint(ref source, out var length) || length > source.Length)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(source[..(int)length]);
        source = source[(int)length..];
        return true;
    }

    public static int HeadersLength(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var length = VarintLength((uint)headers.Count);
        foreach (var (name, value) in headers)
        {
            length += StringLength(name) + StringLength(value);
        }

        return length;
    }

    public static int WriteHeaders(Span<byte> destination, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var written = WriteVarint(destination, (uint)headers.Count);
        foreach (var (name, value) in headers)
        {
            written += WriteString(destination[written..], name);
            written += WriteString(destination[written..], value);
        }

        return written;
    }

    public static bool TryReadHeaders(ref ReadOnlySpan<byte> source, out List<KeyValuePair<string, string>> headers)
    {
        headers = [];
        if (!TryReadVarint(ref source, out var count) || count > 10_000)
        {
            return false;
        }

        headers.Capacity = (int)count;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadString(ref source, out var name) || !TryReadString(ref source, out var value))
            {
                return false;
            }

            headers.Add(new(name, value));
        }

        return true;
    }
}
