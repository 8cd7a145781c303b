namespace McpBridge.Server.Data.Entities;

/// <summary>An immutable deployed configuration. Rollback deploys an earlier one again.</summary>
internal sealed class ServerVersion
{
    public long Id { get; set; }
    public required string ServerId { get; set; }
    public int Version { get; set; }

    /// <summary>The tools as deployed (JSON array of tool rows, secrets still encrypted).</summary>
    public required string SnapshotJson { get; set; }
    public int ToolCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}
