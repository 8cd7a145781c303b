namespace McpBridge.Mcp.Sources;

/// <summary>The health of a source as the composite and the deploy report see it.</summary>
/// <param name="Status">Where it stands.</param>
/// <param name="Error">The last failure, safe to show to the server's owner (no secrets).</param>
public readonly record struct SourceState(SourceStatus Status, string? Error = null)
{
    public static SourceState Ready { get; } = new(SourceStatus.Ready);
    public static SourceState Idle { get; } = new(SourceStatus.Idle);
}

public enum SourceStatus
{
    /// <summary>Not started yet, or stopped after being idle; starts on the next request.</summary>
    Idle,
    Starting,
    Ready,
    Failed,
}
