namespace McpBridge.Connectors.Packages;

/// <summary>What a dry run found: the package's tools, or why it could not list them.</summary>
/// <param name="Tools">The tools, when the package started and listed at least one.</param>
/// <param name="Error">Why it did not, in words for an administrator (secrets masked).</param>
/// <param name="At">When the dry run ended.</param>
public sealed record PackageDryRunResult(IReadOnlyList<ConnectorToolInfo>? Tools, string? Error, DateTimeOffset At)
{
    public bool Succeeded => Tools is { Count: > 0 };
}
