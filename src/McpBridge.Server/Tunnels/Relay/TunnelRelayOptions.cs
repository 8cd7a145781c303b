using System.ComponentModel.DataAnnotations;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>Settings of the relay (section <c>Tunnels:Relay</c>).</summary>
internal sealed class TunnelRelayOptions
{
    public const string Section = "Tunnels:Relay";

    /// <summary>An agent silent for this long is dropped (agents ping every 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long before a temporary tunnel expires its agent is warned.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often liveness and expiry are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most streams one agent may have open at once.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentStreamsPerAgent { get; set; } = 1000;
}
