namespace McpBridge.TestSupport.Interop;

/// <summary>How to run the conformance suite.</summary>
public sealed class ConformanceSuiteOptions
{
    /// <summary><c>active</c> (the default, 30 scenarios), <c>pending</c> or <c>all</c>.</summary>
    public string Suite { get; init; } = "active";

    /// <summary>Runs only this scenario when set.</summary>
    public string? Scenario { get; init; }

    /// <summary>Filters scenarios by spec version (e.g. <c>2025-06-18</c>) when set.</summary>
    public string? SpecVersion { get; init; }

    /// <summary>Where the per-scenario <c>checks.json</c> files go; a fresh temporary folder when null.</summary>
    public string? OutputDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);
}
