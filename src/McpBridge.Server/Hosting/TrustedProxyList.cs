using System.Net;

namespace McpBridge.Server.Hosting;

/// <summary>Reads <see cref="BridgeOptions.TrustedProxies"/>: addresses and CIDR networks, separated by commas, semicolons or spaces.</summary>
internal static class TrustedProxyList
{
    private static readonly char[] s_separators = [',', ';', ' ', '\t'];

    /// <summary>The networks, or the first entry that is neither an address nor a network.</summary>
    public static (IReadOnlyList<IPNetwork> Networks, string? Invalid) Parse(string? value)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (value ?? string.Empty).Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                return ([], entry);
            }
        }

        return (networks, null);
    }
}
