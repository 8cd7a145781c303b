namespace McpBridge.Server.Data.Entities;

/// <summary>One line of a server's event log (tool calls, errors, source failures, deploys). Bounded per server.</summary>
internal sealed class ServerEvent
{
    public long Id { get; set; }
    public required string ServerId { get; set; }
    public DateTime At { get; set; }
    public required string Level { get; set; }
    public required string Kind { get; set; }
    public string? Tool { get; set; }
    public required string Message { get; set; }
    public double? DurationMs { get; set; }
}
