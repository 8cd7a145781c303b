namespace McpBridge.Server.Data.Entities;

/// <summary>
/// A CLI's request to sign in through the browser (OAuth device flow, RFC 8628): the CLI holds the device code (only
/// its hash is stored), the user types the user code into the dashboard and approves, and the CLI's next poll
/// receives a new account key, which is kept here encrypted only until then.
/// </summary>
internal sealed class DeviceLogin
{
    public required string Id { get; set; }

    /// <summary>SHA-256 of the device code the CLI polls with.</summary>
    public required byte[] DeviceCodeHash { get; set; }

    /// <summary>What the user types: eight letters, shown as <c>BCDF-GHJK</c>, stored without the dash.</summary>
    public required string UserCode { get; set; }

    /// <summary>pending, approved, denied or claimed.</summary>
    public required string Status { get; set; }

    /// <summary>What the CLI says it is (e.g. "mcp-bridge CLI on laptop"), shown on the approval page.</summary>
    public string? ClientName { get; set; }

    /// <summary>The address the request came from, shown on the approval page.</summary>
    public string? ClientAddress { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastPolledAt { get; set; }

    /// <summary>The account that approved; set with the status.</summary>
    public string? AccountId { get; set; }

    /// <summary>The new account key, encrypted with Data Protection, between approval and the CLI's next poll.</summary>
    public string? ProtectedKey { get; set; }
}
