namespace McpBridge.Server.Tunnels;

internal sealed record TunnelLease(string Name, string? AccountId, string? PlanId, bool Temporary, DateTimeOffset? ExpiresAt, string? ResumeToken);
