namespace McpBridge.Server.Data.Entities;

/// <summary>Who did what to an account's resources, and when.</summary>
internal sealed class AuditEntry
{
    public long Id { get; set; }
    public required string AccountId { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
}
