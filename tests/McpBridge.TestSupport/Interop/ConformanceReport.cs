namespace McpBridge.TestSupport.Interop;

/// <summary>Everything one run of the conformance suite produced.</summary>
/// <param name="Url">The endpoint tested.</param>
/// <param name="Scenarios">Per-scenario results, by scenario name.</param>
/// <param name="Process">The suite's own exit code and output.</param>
/// <param name="OutputDirectory">Where its <c>checks.json</c> files are.</param>
public sealed record ConformanceReport(string Url, IReadOnlyDictionary<string, ConformanceScenarioResult> Scenarios, CapturedProcessResult Process, string OutputDirectory)
{
    /// <summary>The named scenario's result; throws with the suite's output when it did not run.</summary>
    public ConformanceScenarioResult this[string scenario] =>
        Scenarios.TryGetValue(scenario, out var result)
            ? result
            : throw new KeyNotFoundException($"The suite did not run scenario '{scenario}' against {Url}. Ran: {string.Join(", ", Scenarios.Keys)}\n{Process.Describe()}");
}
