namespace McpBridge.Server.Metering;

/// <summary>Something to record: a served call, or a line for a server's event log.</summary>
internal sealed record MeterItem(
    MeterKind Kind,
    string ServerId,
    string AccountId,
    DateTime At,
    string? Tool = null,
    double DurationMs = 0,
    bool IsError = false,
    string? Level = null,
    string? EventKind = null,
    string? Message = null);

internal enum MeterKind
{
    Call,
    Event,
}
