namespace McpBridge.Server.Tunnels;

/// <summary>A connected agent as the relay's registry knows it.</summary>
/// <param name="Lease">The lease the agent connected with.</param>
/// <param name="ConnectedSince">When it connected.</param>
/// <param name="LastSeen">When a frame last arrived from it.</param>
/// <param name="RemoteAddress">Its address as the relay sees it.</param>
internal sealed record TunnelPresence(TunnelLease Lease, DateTimeOffset ConnectedSince, DateTimeOffset LastSeen, string? RemoteAddress);
