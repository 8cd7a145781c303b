namespace McpBridge.Mcp.Tests.Conformance;

/// <summary>
/// The official conformance suite against the gateway, once per kind of source: every active server scenario (and
/// the pending JSON Schema 2020-12 one) must pass, each asserted on its own so a failure names the scenario.
/// </summary>
public sealed class ConformanceSuiteTests(ConformanceFixture fixture) : IClassFixture<ConformanceFixture>
{
    /// <summary>The 30 active server scenarios of @modelcontextprotocol/conformance 0.1.16.</summary>
    public static readonly string[] ActiveScenarios =
    [
        "server-initialize", "logging-set-level", "ping", "completion-complete", "tools-list",
        "tools-call-simple-text", "tools-call-image", "tools-call-audio", "tools-call-embedded-resource",
        "tools-call-mixed-content", "tools-call-with-logging", "tools-call-error", "tools-call-with-progress",
        "tools-call-sampling", "tools-call-elicitation", "elicitation-sep1034-defaults", "server-sse-multiple-streams",
        "elicitation-sep1330-enums", "resources-list", "resources-read-text", "resources-read-binary",
        "resources-templates-read", "resources-subscribe", "resources-unsubscribe", "prompts-list", "prompts-get-simple",
        "prompts-get-with-args", "prompts-get-embedded-resource", "prompts-get-with-image", "dns-rebinding-protection",
    ];

    /// <summary>Pending scenarios the gateway passes for real (server-sse-polling only warns without a resumable store).</summary>
    public static readonly string[] PendingScenarios = ["json-schema-2020-12"];

    public static TheoryData<ConformanceSourceKind, string> Cases()
    {
        var data = new TheoryData<ConformanceSourceKind, string>();
        foreach (var kind in Enum.GetValues<ConformanceSourceKind>())
        {
            foreach (var scenario in ActiveScenarios.Concat(PendingScenarios))
            {
                data.Add(kind, scenario);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scenario_Passes_ThroughSource(ConformanceSourceKind source, string scenario)
    {
        var report = await fixture.GetReportAsync(source);

        var result = report[scenario];

        Assert.True(result.Passed, $"{scenario} via a {source} source failed:\n{result.DescribeFailures()}");
        Assert.Contains(result.Checks, c => c.Status == "SUCCESS");
    }

    [Theory]
    [InlineData(ConformanceSourceKind.InProcess)]
    [InlineData(ConformanceSourceKind.Stdio)]
    [InlineData(ConformanceSourceKind.RemoteHttp)]
    public async Task Suite_RunsEveryActiveScenario_ThroughSource(ConformanceSourceKind source)
    {
        var report = await fixture.GetReportAsync(source);

        var missing = ActiveScenarios.Except(report.Scenarios.Keys).ToArray();
        Assert.True(missing.Length == 0, $"The suite did not run: {string.Join(", ", missing)}\n{report.Process.Describe()}");
        Assert.Equal(0, report.Process.ExitCode);
    }
}
