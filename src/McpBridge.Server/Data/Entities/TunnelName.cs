namespace McpBridge.Server.Data.Entities;

/// <summary>
/// A tunnel's name, which is also its address (<c>{name}.{host}</c>, <c>/t/{name}</c>): a persistent name reserved by an
/// account, or a temporary one (<c>temp-...</c>) that expires. Names share one namespace with hosted servers' slugs.
/// </summary>
internal sealed class TunnelName
{
    public required string Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The owner; null for an anonymous temporary tunnel.</summary>
    public string? AccountId { get; set; }
    public bool Temporary { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When a temporary name stops working; null for persistent names.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>SHA-256 of the resume token given once to the agent of a temporary tunnel (it gets the same name back with it).</summary>
    public byte[]? ResumeTokenHash { get; set; }

    /// <summary>Where a temporary name was asked for from (an IPv4 address or an IPv6 /64), for the per-address limits.</summary>
    public string? CreatorAddress { get; set; }

    /// <summary>When an agent last connected with this name, or last was connected (updated when it disconnects).</summary>
    public DateTime? LastConnectedAt { get; set; }
}
