using McpBridge.TestSupport.Interop;

namespace McpBridge.EndToEnd.Tests.Tunnels;

/// <summary>Independent MCP software against a local MCP server's tunnel URL: it must pass as it does directly.</summary>
public sealed class TunnelInteropTests(TunnelInteropFixture fixture) : IClassFixture<TunnelInteropFixture>
{
    [Fact]
    public async Task ConformanceSuite_PassesEveryActiveServerScenario_ThroughTheTunnel()
    {
        var report = await ConformanceSuite.RunAsync(fixture.Url);

        Assert.True(report.Scenarios.Count >= 30, $"only {report.Scenarios.Count} scenarios ran:\n{report.Process.Describe()}");
        var failures = report.Scenarios.Values.Where(s => !s.Passed).Select(s => $"{s.Name}:\n{s.DescribeFailures()}").ToArray();
        Assert.True(failures.Length == 0, $"{failures.Length} scenarios failed through the tunnel {fixture.Url}:\n{string.Join("\n", failures)}");
    }

    [Theory]
    [InlineData("http", "")]
    [InlineData("http", "/mcp")]
    [InlineData("sse", "/sse")]
    public async Task TypeScriptSdkClient_ListsAndCallsTools_WithProgress_ThroughTheTunnel(string transport, string path)
    {
        var result = await TypeScriptClient.RunAsync(fixture.Url + path, new TypeScriptClientOptions
        {
            Transport = transport,
            Tool = "test_tool_with_progress",
            Progress = true,
        });

        Assert.True(result.Succeeded, result.Describe() + "\n--- start ---\n" + fixture.StartOutput);
        Assert.Contains("test_simple_text", result.Tools);
        Assert.False(result.CallIsError, result.Describe());
        Assert.True(result.ProgressNotifications.Count >= 2, result.Describe());
    }

    [Fact]
    public async Task InspectorCli_ListsAndCallsTools_ThroughTheTunnel()
    {
        var list = await InspectorCli.RunAsync(fixture.Url, new InspectorRequest { Method = "tools/list", Transport = "http" });
        Assert.True(list.Succeeded, list.Describe());
        Assert.Contains("test_simple_text", list.ToolNames);

        var call = await InspectorCli.RunAsync(fixture.Url, new InspectorRequest { Method = "tools/call", Transport = "http", ToolName = "test_simple_text" });
        Assert.True(call.Succeeded, call.Describe());
        Assert.Equal("This is a simple text response for testing.", Assert.Single(call.Texts));
    }
}
