namespace McpBridge.Server.Tunnels;

/// <summary>What one tunnel_usage_daily row counts: a tunnel, the account holding it, a UTC day.</summary>
internal readonly record struct TunnelUsageKey(string TunnelName, string? AccountId, DateOnly Day);
