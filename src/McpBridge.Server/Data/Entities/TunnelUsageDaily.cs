namespace McpBridge.Server.Data.Entities;

/// <summary>
/// Requests forwarded through one tunnel on one UTC day, for the account that held the name then (null: anonymous).
/// Rows outlive the name, so releasing and reserving a name again does not reset a month's count.
/// </summary>
internal sealed class TunnelUsageDaily
{
    public long Id { get; set; }
    public required string TunnelName { get; set; }
    public string? AccountId { get; set; }
    public DateOnly Day { get; set; }
    public long Requests { get; set; }

    /// <summary>Requests answered with a status of 500 or more (502/503 from the relay included).</summary>
    public long Errors { get; set; }

    /// <summary>Request body bytes, public client to agent.</summary>
    public long BytesIn { get; set; }

    /// <summary>Response body bytes, agent to public client.</summary>
    public long BytesOut { get; set; }
}
