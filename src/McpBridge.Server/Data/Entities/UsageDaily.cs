namespace McpBridge.Server.Data.Entities;

/// <summary>Calls of one tool (or method) of one server on one UTC day.</summary>
internal sealed class UsageDaily
{
    public required string ServerId { get; set; }
    public DateOnly Day { get; set; }
    public required string Tool { get; set; }
    public long Calls { get; set; }
    public long Errors { get; set; }
    public double TotalMs { get; set; }

    /// <summary>Latency histogram: comma-separated counts per bucket (see LatencyHistogram).</summary>
    public required string Histogram { get; set; }
}
