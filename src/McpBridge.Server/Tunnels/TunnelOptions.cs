namespace McpBridge.Server.Tunnels;

/// <summary>Tunnel settings (configuration section <c>Tunnels</c>), validated at start.</summary>
internal sealed class TunnelOptions
{
    public const string Section = "Tunnels";

    /// <summary>Whether agents may connect and names may be reserved.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a temporary name lives, from when it is issued (reconnecting does not extend it).</summary>
    public TimeSpan TemporaryLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Anonymous temporary tunnels one address (IPv4, or IPv6 /64) may have connected at once.</summary>
    public int AnonymousPerAddressConcurrent { get; set; } = 2;

    /// <summary>Anonymous temporary tunnels one address may create per hour.</summary>
    public int AnonymousPerAddressPerHour { get; set; } = 10;

    /// <summary>Requests one anonymous temporary tunnel may forward in its lifetime.</summary>
    public long AnonymousRequestsPerTunnel { get; set; } = 1_000;
}
