namespace McpBridge.TestSupport.Interop;

/// <summary>The outcome of one conformance scenario: it passes when none of its checks failed.</summary>
public sealed record ConformanceScenarioResult(string Name, IReadOnlyList<ConformanceCheck> Checks)
{
    public bool Passed => !Checks.Any(c => c.IsFailure);

    public IEnumerable<ConformanceCheck> Failures => Checks.Where(c => c.IsFailure);

    /// <summary>The failed checks, one per line, for assertion messages.</summary>
    public string DescribeFailures() =>
        string.Join('\n', Failures.Select(c => $"{c.Id}: {c.ErrorMessage ?? c.Description}"));
}
