namespace McpBridge.Server.Tunnels;

/// <summary>The right of one agent connection to serve a name, as <see cref="TunnelLeases.AcquireAsync"/> grants it.</summary>
/// <param name="Name">The tunnel's name.</param>
/// <param name="AccountId">The owning account; null for an anonymous temporary tunnel.</param>
/// <param name="PlanId">The account's plan when the lease was granted; null for anonymous tunnels.</param>
/// <param name="Temporary">Whether the name is temporary.</param>
/// <param name="ExpiresAt">When a temporary name expires (the relay closes the connection then).</param>
/// <param name="ResumeToken">Set only when a temporary name is newly issued: give it to the agent, it is not stored.</param>
internal sealed record TunnelLease(string Name, string? AccountId, string? PlanId, bool Temporary, DateTimeOffset? ExpiresAt, string? ResumeToken);
