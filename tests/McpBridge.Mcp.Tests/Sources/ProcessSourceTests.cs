using McpBridge.ConformanceTools;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.Http;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static McpBridge.Mcp.Tests.TestHost.TestClients;
using McpBridge.TestSupport.Time;

namespace McpBridge.Mcp.Tests.Sources;

/// <summary>A <see cref="ClientSource"/> over stdio children: crashes, restarts, idle reaping and notification routing.</summary>
public sealed class ProcessSourceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CrashedChild_YieldsIsError_OtherSourceKeepsWorking_AndChildRestartsOnNextCall()
    {
        var observer = new RecordingObserver();
        await using var stdio = new ClientSource(StdioOptions("tools", observer));
        var composite = new CompositeServer("crash", new CompositeSnapshot(1,
        [
            new CompositeSource("tools", "conformance-tools", stdio),
            new CompositeSource("echo", "echo", EchoTarget.EchoSource()),
        ]), observer);
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var firstPid = Text(await client.CallToolAsync("diag_pid"));
        var crashed = await client.CallToolAsync("diag_crash", new Dictionary<string, object?> { ["exitCode"] = 3 });
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "unaffected" });
        var secondPid = Text(await client.CallToolAsync("diag_pid"));
        var composed = await observer.WaitForEventAsync((source, level, _) => source == "tools" && level == SourceEventLevel.Error, s_wait);
        var closed = await observer.WaitForEventAsync((source, _, message) => source == "sink" && message.Contains("closed", StringComparison.Ordinal), s_wait);

        Assert.True(crashed.IsError);
        Assert.Contains("unavailable", Text(crashed));
        Assert.Equal("Echo: unaffected", Text(echo));
        Assert.Contains("tools", composed);
        Assert.Contains("restarts on the next request", closed);
        Assert.NotEqual(firstPid, secondPid);
        Assert.True(await ExitedAsync(int.Parse(firstPid, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task IdleChild_IsStopped_AfterIdleTimeout_AndStartsAgainOnDemand()
    {
        var clock = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var stdio = new ClientSource(StdioOptions("idle", observer, clock, idleTimeout: TimeSpan.FromMinutes(10)));
        var composite = new CompositeServer("idle", new CompositeSnapshot(1, [new CompositeSource("idle", "conformance-tools", stdio)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var pid = int.Parse(Text(await client.CallToolAsync("diag_pid")), CultureInfo.InvariantCulture);
        var runningAfterCall = stdio.ConnectionCount;
        clock.Advance(TimeSpan.FromMinutes(5));
        var runningBeforeTimeout = stdio.ConnectionCount;
        clock.Advance(TimeSpan.FromMinutes(6));
        await observer.WaitForEventAsync((_, _, message) => message.Contains("stopped after", StringComparison.Ordinal), s_wait);
        var exited = await ExitedAsync(pid);
        var restartedPid = int.Parse(Text(await client.CallToolAsync("diag_pid")), CultureInfo.InvariantCulture);

        Assert.Equal(1, runningAfterCall);
        Assert.Equal(1, runningBeforeTimeout);
        Assert.True(exited, $"child {pid} still runs after the idle timeout");
        Assert.NotEqual(pid, restartedPid);
        Assert.Equal(1, stdio.ConnectionCount);
    }

    [Fact]
    public async Task ProgressAndLogs_ReachOnlyTheClientWhoseCallCausedThem()
    {
        await using var stdio = new ClientSource(StdioOptions("chatty", maxConnections: 2));
        var composite = new CompositeServer("chatty", new CompositeSnapshot(1, [new CompositeSource("chatty", "conformance-tools", stdio)]));
        await using var server = await McpTestServer.StartAsync(composite);
        var alice = await ChattySession.OpenAsync(server);
        var bob = await ChattySession.OpenAsync(server);

        // Both calls run at once, each on its own child: every notification names its tag, so a stray one shows.
        var calls = await Task.WhenAll(alice.CallAsync("A"), bob.CallAsync("B"));

        Assert.Equal("A done", calls[0].Result);
        Assert.Equal("B done", calls[1].Result);
        Assert.Equal(Expected("A"), calls[0].Progress);
        Assert.Equal(Expected("B"), calls[1].Progress);
        Assert.Equal(Expected("A"), calls[0].Logs);
        Assert.Equal(Expected("B"), calls[1].Logs);

        static string[] Expected(string tag) => [.. Enumerable.Range(1, ChattySession.Count).Select(i => $"{tag}:{i}")];
    }

    private static ClientSourceOptions StdioOptions(string name, ISourceEventSink? events = null, TimeProvider? clock = null, TimeSpan? idleTimeout = null, int maxConnections = 1) => new()
    {
        Name = name,
        CreateTransport = _ => new ValueTask<IClientTransport>(ConformanceToolsProcess.StdioTransport(diagnostics: true)),
        Events = events,
        TimeProvider = clock ?? TimeProvider.System,
        IdleTimeout = idleTimeout ?? TimeSpan.FromMinutes(10),
        MaxConnections = maxConnections,
    };

    private static async Task<bool> ExitedAsync(int pid)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return true;
        }

        using (process)
        {
            using var wait = new CancellationTokenSource(s_wait);
            try
            {
                await process.WaitForExitAsync(wait.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// A raw 2025 session: a call's POST response stream carries its notifications and then its result, in order,
    /// which a test can read exactly (an SDK client dispatches each message on its own task, so a late progress
    /// notification can be dropped once the result has completed the call).
    /// </summary>
    private sealed class ChattySession(McpTestServer server, Dictionary<string, string> headers)
    {
        public const int Count = 5;

        public static async Task<ChattySession> OpenAsync(McpTestServer server)
        {
            var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);
            var headers = new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" };
            var level = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url,
                """{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}}""", headers: headers));
            Assert.Null(level.ErrorCode);
            return new ChattySession(server, headers);
        }

        public async Task<(string? Result, string[] Progress, string[] Logs)> CallAsync(string tag)
        {
            var body = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = 2,
                ["method"] = "tools/call",
                ["params"] = new JsonObject
                {
                    ["name"] = "diag_chatty",
                    ["arguments"] = new JsonObject { ["tag"] = tag, ["count"] = Count, ["gapMs"] = 20 },
                    ["_meta"] = new JsonObject { ["progressToken"] = $"token-{tag}" },
                },
            }.ToJsonString();
            var response = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, body, headers: headers));
            List<string> progress = [], logs = [];
            foreach (var line in response.Body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)))
            {
                var message = JsonDocument.Parse(line[5..]).RootElement;
                if (!message.TryGetProperty("method", out var method))
                {
                    continue;
                }

                var parameters = message.GetProperty("params");
                if (method.GetString() == NotificationMethods.ProgressNotification)
                {
                    Assert.Equal($"token-{tag}", parameters.GetProperty("progressToken").GetString());
                    progress.Add(parameters.GetProperty("message").GetString()!);
                }
                else if (method.GetString() == NotificationMethods.LoggingMessageNotification)
                {
                    logs.Add(parameters.GetProperty("data").GetString()!);
                }
            }

            return (response.Result?.GetProperty("content")[0].GetProperty("text").GetString(), [.. progress], [.. logs]);
        }
    }
}
