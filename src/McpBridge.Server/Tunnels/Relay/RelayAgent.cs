using McpBridge.Tunneling;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>A connected agent: the lease it holds and the connection that carries its requests.</summary>
internal sealed class RelayAgent(TunnelLease lease, TunnelConnection connection, DateTimeOffset connectedSince, string? remoteAddress)
{
    public TunnelLease Lease { get; } = lease;

    public TunnelConnection Connection { get; } = connection;

    public DateTimeOffset ConnectedSince { get; } = connectedSince;

    public string? RemoteAddress { get; } = remoteAddress;

    /// <summary>Set once the agent was warned that its temporary tunnel expires soon.</summary>
    public bool WarnedOfExpiry { get; set; }
}
