using McpBridge.TestSupport.Interop;

namespace McpBridge.Mcp.Tests.Interop;

/// <summary>Independent clients (the TypeScript SDK, the Inspector CLI, mcp-remote) list and call tools through the gateway.</summary>
public sealed class ClientInteropTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>
{
    [Theory]
    [InlineData("http")]
    [InlineData("sse")]
    public async Task TypeScriptClient_ListsAndCallsTools_OverTransport(string transport)
    {
        var url = transport == "http" ? fixture.Server.Url : fixture.Server.SseUrl;

        var result = await TypeScriptClient.RunAsync(url, new TypeScriptClientOptions
        {
            Transport = transport,
            Tool = "echo",
            ArgumentsJson = """{"message":"hello from typescript"}""",
        });

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("echo", result.Tools);
        Assert.Contains("test_simple_text", result.Tools);
        Assert.Equal(["Echo: hello from typescript"], result.CallTexts);
        Assert.False(result.CallIsError);
    }

    [Fact]
    public async Task TypeScriptClient_ReceivesProgressAndLogs_DuringCall()
    {
        var progress = await TypeScriptClient.RunAsync(fixture.Server.Url, new TypeScriptClientOptions { Tool = "test_tool_with_progress", Progress = true });
        var logging = await TypeScriptClient.RunAsync(fixture.Server.Url, new TypeScriptClientOptions { Tool = "test_tool_with_logging", LogLevel = "debug" });

        Assert.True(progress.Succeeded, progress.Describe());
        Assert.Equal([0.0, 50.0, 100.0], progress.ProgressNotifications.Select(p => p.GetProperty("progress").GetDouble()));
        Assert.True(logging.Succeeded, logging.Describe());
        Assert.Equal(
            ["Tool execution started", "Tool processing data", "Tool execution completed"],
            logging.LogNotifications.Select(l => l.GetProperty("data").GetString()));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("sse")]
    public async Task InspectorCli_ListsAndCallsTools_OverTransport(string transport)
    {
        var url = transport == "http" ? fixture.Server.Url : fixture.Server.SseUrl;

        var list = await InspectorCli.RunAsync(url, new InspectorRequest { Method = "tools/list", Transport = transport });
        var call = await InspectorCli.RunAsync(url, new InspectorRequest
        {
            Method = "tools/call",
            Transport = transport,
            ToolName = "echo",
            ToolArguments = new Dictionary<string, string> { ["message"] = "hi inspector" },
        });

        Assert.True(list.Succeeded, list.Describe());
        Assert.Contains("echo", list.ToolNames);
        Assert.Contains("json_schema_2020_12_tool", list.ToolNames);
        Assert.True(call.Succeeded, call.Describe());
        Assert.Equal(["Echo: hi inspector"], call.Texts);
    }

    [Theory]
    [InlineData("http-only")]
    [InlineData("sse-only")]
    public async Task McpRemote_ListsAndCallsTools_OverTransport(string transport)
    {
        var url = transport == "http-only" ? fixture.Server.Url : fixture.Server.SseUrl;

        var list = await McpRemote.RunAsync(url, transport, new InspectorRequest { Method = "tools/list" });
        var call = await McpRemote.RunAsync(url, transport, new InspectorRequest
        {
            Method = "tools/call",
            ToolName = "echo",
            ToolArguments = new Dictionary<string, string> { ["message"] = "via mcp-remote" },
        });

        Assert.True(list.Succeeded, list.Describe());
        Assert.Contains("echo", list.ToolNames);
        Assert.True(call.Succeeded, call.Describe());
        Assert.Equal(["Echo: via mcp-remote"], call.Texts);
    }
}
