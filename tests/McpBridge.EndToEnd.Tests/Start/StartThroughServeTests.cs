using System.Net;
using McpBridge.TestSupport.Interop;

namespace McpBridge.EndToEnd.Tests.Start;

/// <summary>
/// The README's tunnel flow with real processes: <c>mcp-bridge serve</c>, then <c>mcp-bridge start filesystem --temp</c>,
/// then the TypeScript SDK client through the URL <c>start</c> printed, over Streamable HTTP at the URL itself and over
/// legacy SSE; Ctrl+C stops the tunnel, and the relay answers for its URL as offline.
/// </summary>
public sealed class StartThroughServeTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly string _folder = Directory.CreateTempSubdirectory("mcpb-start-e2e-files-").FullName;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mcpb-start-e2e-data-").FullName;
    private readonly string _configDir = Directory.CreateTempSubdirectory("mcpb-start-e2e-config-").FullName;

    [Fact]
    public async Task StartFilesystemTemp_ServesTheTypeScriptClient_ThroughTheRelay_AndStopsOnCtrlC()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, "hello.md"), "# Hello from my machine");
        var server = $"http://127.0.0.1:{CliProcess.FreePort()}";
        var environment = new Dictionary<string, string?> { ["MCP_BRIDGE_CONFIG_DIR"] = _configDir, ["MCP_BRIDGE_API_KEY"] = null };
        await using var serve = CliProcess.Start(environment, "serve", "--urls", server, "--data-dir", _dataDir);
        await serve.WaitForAsync("MCP Bridge is ready", s_timeout);
        await using var start = CliProcess.Start(environment, "start", "filesystem", "--path", _folder, "--temp", "--name", "notes", "--server", server);
        await start.WaitForAsync("Requests (Ctrl+C to stop):", s_timeout);
        var url = start.PrintedTunnelUrl;

        var streamable = await TypeScriptClient.RunAsync(url, new TypeScriptClientOptions
        {
            Transport = "http",
            Tool = "read_file",
            ArgumentsJson = """{"path":"hello.md"}""",
        });
        var sse = await TypeScriptClient.RunAsync(url + "/sse", new TypeScriptClientOptions { Transport = "sse", Tool = "list_directory", ArgumentsJson = """{"path":"."}""" });
        await start.WaitForAsync("POST /  200", s_timeout);
        var exitCode = await start.InterruptAsync(s_timeout);
        using var http = new HttpClient();
        using var afterStop = await http.PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var afterStopBody = await afterStop.Content.ReadAsStringAsync();

        Assert.Matches(@"^http://localhost:\d+/t/temp-notes-[a-z0-9]{6}$", url);
        Assert.True(streamable.Succeeded, streamable.Describe() + "\n--- start ---\n" + start.Output + "\n--- serve ---\n" + serve.Output);
        Assert.Contains("read_file", streamable.Tools);
        Assert.Contains("# Hello from my machine", string.Concat(streamable.CallTexts));
        Assert.True(sse.Succeeded, sse.Describe() + "\n--- start ---\n" + start.Output + "\n--- serve ---\n" + serve.Output);
        Assert.Contains("hello.md", string.Concat(sse.CallTexts));
        Assert.True(exitCode == 0, $"start exited with {exitCode} after Ctrl+C:\n{start.Output}");
        Assert.Contains("Stopping...", start.Output);
        Assert.Contains("  Temporary: expires in 1h 59m", start.Output);
        // The temporary name is held until it expires: its URL answers "offline" in JSON, never a hang.
        Assert.True(afterStop.StatusCode == HttpStatusCode.ServiceUnavailable, $"{afterStop.StatusCode}: {afterStopBody}");
        Assert.Contains("tunnel_offline", afterStopBody);
    }

    public void Dispose()
    {
        foreach (var folder in new[] { _folder, _dataDir, _configDir })
        {
            Directory.Delete(folder, recursive: true);
        }
    }


}
