using System.Net;
using System.Net.Sockets;

namespace McpBridge.Server.Tunnels;

/// <summary>
/// What the anonymous limits count per: an IPv4 address, or an IPv6 /64 (one home or phone network gets a whole /64,
/// so counting single IPv6 addresses would limit nothing).
/// </summary>
internal static class TunnelAddressKey
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
