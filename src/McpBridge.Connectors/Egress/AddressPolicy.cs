using System.Net;
using System.Net.Sockets;

namespace McpBridge.Connectors.Egress;

/// <summary>Classifies IP addresses: which ones a hosted tool may reach without an explicit allowance.</summary>
internal static class AddressPolicy
{
    /// <summary>IPv4 ranges that are not the public internet (RFC 6890 special-purpose registry, roughly).</summary>
    private static readonly (uint Network, int PrefixLength, AddressKind Kind)[] s_ipv4Ranges =
    [
        (V4(0, 0, 0, 0), 8, AddressKind.Reserved),          // "this network"; 0.0.0.0 reaches the local host on Linux
        (V4(10, 0, 0, 0), 8, AddressKind.Private),
        (V4(100, 64, 0, 0), 10, AddressKind.Private),       // carrier-grade NAT, often the cloud's internal network
        (V4(127, 0, 0, 0), 8, AddressKind.Private),         // loopback
        (V4(169, 254, 0, 0), 16, AddressKind.Private),      // link-local, incl. 169.254.169.254 cloud metadata
        (V4(172, 16, 0, 0), 12, AddressKind.Private),
        (V4(192, 0, 0, 0), 24, AddressKind.Reserved),       // IETF protocol assignments
        (V4(192, 0, 2, 0), 24, AddressKind.Reserved),       // documentation
        (V4(192, 88, 99, 0), 24, AddressKind.Reserved),     // 6to4 relay anycast
        (V4(192, 168, 0, 0), 16, AddressKind.Private),
        (V4(198, 18, 0, 0), 15, AddressKind.Reserved),      // benchmarking
        (V4(198, 51, 100, 0), 24, AddressKind.Reserved),    // documentation
        (V4(203, 0, 113, 0), 24, AddressKind.Reserved),     // documentation
        (V4(224, 0, 0, 0), 4, AddressKind.Reserved),        // multicast
        (V4(240, 0, 0, 0), 4, AddressKind.Reserved),        // reserved, incl. 255.255.255.255 broadcast
    ];

    /// <summary>Whether <paramref name="address"/> is on the public internet; otherwise what kind of address it is.</summary>
    public static AddressKind Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressKind.Reserved;
        }

        if (IPAddress.IPv6Loopback.Equals(address))
        {
            return AddressKind.Private;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);

        // Forms that carry an IPv4 address inside are judged by that address: ::ffff:a.b.c.d (mapped),
        // ::a.b.c.d (deprecated compatible, also :: and ::1), 64:ff9b::a.b.c.d (NAT64), 2002:aabb:ccdd:: (6to4).
        if (b[..8].IndexOfAnyExcept((byte)0) < 0)
        {
            var mappedOrCompatible = b[8] == 0 && b[9] == 0 && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0));

            // Anything else under ::/64 (e.g. ::ffff:0:a.b.c.d, IPv4-translated) is not globally routable either.
            return mappedOrCompatible ? ClassifyV4(new IPAddress(b[12..16])) : AddressKind.Reserved;
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only.
            return b[4..12].IndexOfAnyExcept((byte)0) < 0 ? ClassifyV4(new IPAddress(b[12..16])) : AddressKind.Private;
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(new IPAddress(b[2..6]));
        }

        if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) is 0x80 or 0xc0))
        {
            // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local.
            return AddressKind.Private;
        }

        if (b[0] == 0xff ||                                                        // multicast
            (b[0] == 0x01 && b[1] == 0x00 && b[2..8].IndexOfAnyExcept((byte)0) < 0) || // 100::/64 discard
            (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) ||       // 2001::/32 Teredo tunnels anywhere
            (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8))         // 2001:db8::/32 documentation
        {
            return AddressKind.Reserved;
        }

        return AddressKind.Public;
    }

    private static AddressKind ClassifyV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        var value = V4(b[0], b[1], b[2], b[3]);
        foreach (var (network, prefixLength, kind) in s_ipv4Ranges)
        {
            var mask = uint.MaxValue << (32 - prefixLength);
            if ((value & mask) == network)
            {
                return kind;
            }
        }

        return AddressKind.Public;
    }

    private static uint V4(byte a, byte b, byte c, byte d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;
}
