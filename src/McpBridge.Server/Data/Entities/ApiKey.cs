namespace McpBridge.Server.Data.Entities;

/// <summary>An account key (CLI, SDK, REST API) or a server key (one hosted server's MCP endpoint). Only a hash is kept.</summary>
internal sealed class ApiKey
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }

    /// <summary>Set for server keys; null for account keys.</summary>
    public string? ServerId { get; set; }
    public KeyScope Scope { get; set; }
    public string? Name { get; set; }

    /// <summary>The non-secret start of the key, unique, used to find the row.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key.</summary>
    public required byte[] Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal enum KeyScope
{
    Account = 0,
    Server = 1,
}
