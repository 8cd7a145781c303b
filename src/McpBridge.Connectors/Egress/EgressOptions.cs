namespace McpBridge.Connectors.Egress;

/// <summary>
/// Where hosted tools may connect (section <c>Egress</c>). By default only public internet addresses: a tool
/// run for one user must not reach the cloud's own network, its metadata service or its loopback services.
/// </summary>
public sealed class EgressOptions
{
    public const string SectionName = "Egress";

    /// <summary>Allow private, loopback and link-local destinations (a self-hoster on a trusted network, the local CLI).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Destinations that skip the private-address check: <c>host</c> (any port) or <c>host:port</c>
    /// (<c>[::1]:8080</c> for IPv6). Matched against the name as written in the URL or connection string.
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];
}
