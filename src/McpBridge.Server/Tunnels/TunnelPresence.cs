namespace McpBridge.Server.Tunnels;

internal sealed record TunnelPresence(TunnelLease Lease, DateTimeOffset ConnectedSince, DateTimeOffset LastSeen, string? RemoteAddress);
