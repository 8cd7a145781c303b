using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Client.Tunnels;
using McpBridge.ConformanceTools;
using McpBridge.Protocol.Tunnels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Cli.Tests.Start;

/// <summary>
/// <c>start</c> by parse-and-invoke with a real local MCP server and a fake tunnel agent standing in for the SDK's
/// connector: what it gives the connector, what it prints for each of the connector's events, and how it stops.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class StartSessionTests : IAsyncLifetime
{
    private const string Ready = "Ctrl+C to stop";
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 12, 6, 0, TimeSpan.Zero);

    private readonly CliHarness _cli = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("mcp-bridge-start-").FullName;
    private readonly CancellationTokenSource _ctrlC = new();
    private FakeApiServer _api = null!;

    public StartSessionTests()
    {
        _cli.Time = new FixedTimeProvider(s_now);
        File.WriteAllText(Path.Combine(_folder, "hello.md"), "# Hello");
    }

    public async Task InitializeAsync() => _api = await FakeApiServer.StartAsync();

    [Fact]
    public async Task StartFilesystemTemp_PrintsStepsUrlExpiryAndClientConfig_ThenRequestLines_AndStopsOnCtrlC()
    {
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://temp-notes-k3x9q2.bridge.test/", "temp-notes-k3x9q2", s_now.AddMinutes(119)));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", _folder, "--temp", "--name", "Notes", "--server", _api.Url);
        var options = await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        var port = options.LocalPort!.Value;
        var tools = await ListToolsAsync(new Uri($"http://127.0.0.1:{port}/"));
        var fromTunnel = await InitializeAsync(port, "temp-notes-k3x9q2.bridge.test");
        var rebinding = await InitializeAsync(port, "evil.example");
        tunnel.RaiseRequest("POST", "/mcp?token=secret", 200, TimeSpan.FromMilliseconds(12.4));
        tunnel.RaiseRequest("GET", "/sse", 404, TimeSpan.FromMilliseconds(3));
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.StdErr);
        Assert.True(options.Temporary);
        Assert.Equal("notes", options.Name);
        Assert.Null(options.ApiKey);
        Assert.Null(options.TargetUrl);
        Assert.Equal(_api.BaseUrl, options.ServerUrl);
        Assert.Equal(5, tools.Count);
        Assert.Equal(HttpStatusCode.OK, fromTunnel);
        Assert.Equal(HttpStatusCode.Forbidden, rebinding);
        AssertLinesInOrder(result.StdOut,
            $"✓ Filesystem server on http://127.0.0.1:{port} (5 tools)",
            $"✓ Connected to {_api.Url} as temp-notes-k3x9q2",
            "  https://temp-notes-k3x9q2.bridge.test",
            "  Temporary: expires in 1h 59m (at 14:05)",
            "Endpoint: https://temp-notes-k3x9q2.bridge.test   (legacy SSE: https://temp-notes-k3x9q2.bridge.test/sse)",
            "ChatGPT and Claude.ai connectors",
            "claude mcp add --transport http temp-notes-k3x9q2 https://temp-notes-k3x9q2.bridge.test",
            "\"mcpServers\": {",
            "\"type\": \"http\",",
            "Requests (Ctrl+C to stop):",
            "12:06:00  POST /mcp?…  200  12 ms",
            "12:06:00  GET /sse  404  3 ms",
            "Stopping...");
        Assert.DoesNotContain("secret", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, tunnel.DisconnectCount);
        Assert.True(tunnel.Disposed);
        Assert.False(await AcceptsConnectionsAsync(port), "the local MCP server still listens after Ctrl+C");
    }

    [Fact]
    public async Task StartCloud_NamesTheTunnelAfterTheAccountAndTheFolder_AndSendsTheKey()
    {
        var research = Directory.CreateDirectory(Path.Combine(_folder, "Research Notes")).FullName;
        _api.Json("GET", "/api/v1/account", ApiSamples.Account());
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://sarah-research-notes.bridge.test/", "sarah-research-notes"));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", research, "--cloud", "--server", _api.Url, "--api-key", "mcpb_ak_sarah", "--quiet");
        var options = await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        tunnel.RaiseRequest("POST", "/mcp", 200, TimeSpan.FromMilliseconds(5));
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("sarah-research-notes", options.Name);
        Assert.False(options.Temporary);
        Assert.Equal("mcpb_ak_sarah", options.ApiKey);
        Assert.Equal("Bearer mcpb_ak_sarah", _api.Single("GET", "/api/v1/account").Authorization);
        Assert.DoesNotContain("Temporary:", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Running; Ctrl+C to stop.", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("POST /mcp", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCloud_WithAName_UsesItAsGiven_WithoutAskingForTheAccount()
    {
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://research.bridge.test/", "research"));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", _folder, "--cloud", "--name", "research", "--server", _api.Url, "--api-key", "mcpb_ak_sarah");
        var options = await tunnel.ConnectCalled;
        await _ctrlC.CancelAsync();
        await run;

        Assert.Equal("research", options.Name);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData(409, "conflict", "The name 'research' belongs to another account.", ExitCodes.Conflict, "hint: choose another --name")]
    [InlineData(401, "unauthorized", "The account key is not valid.", ExitCodes.AuthenticationFailed, "hint: check the key passed with --api-key")]
    [InlineData(403, "plan_limit", "The Free plan allows no persistent tunnels.", ExitCodes.PlanLimit, "hint: `mcp-bridge tunnels list` shows the names you hold")]
    [InlineData(400, "validation_failed", "'www' is a reserved name.", ExitCodes.UsageError, "hint: see `mcp-bridge start --help`")]
    [InlineData(null, null, "Cannot reach the relay at http://127.0.0.1:5000: connection refused.", ExitCodes.Unreachable, "hint: start a server with `mcp-bridge serve`, or pass --server URL")]
    public async Task Start_ReportsTheRelaysRefusal_WithItsExitCode_AndStopsTheLocalServer(int? status, string? code, string message, int exitCode, string hint)
    {
        var tunnel = UseTunnel(FakeTunnelAgent.Refusing(new CloudConnectorException(message, status, code)));
        if (status is not null)
        {
            _cli.Environment.Set(EnvironmentVariables.Server, _api.Url);
        }

        var result = await _cli.RunAsync("start", "filesystem", "--path", _folder, "--cloud", "--name", "research", "--api-key", "mcpb_ak_sarah");

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains("error: " + message, result.StdErr, StringComparison.Ordinal);
        Assert.Contains(hint, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Connected", result.StdOut, StringComparison.Ordinal);
        Assert.False(await AcceptsConnectionsAsync(tunnel.Options!.LocalPort!.Value));
    }

    [Fact]
    public async Task Start_ShowsReconnectsAndNoticesAsTheyHappen()
    {
        var connection = new CloudConnection(new Uri("https://temp-k3x9q2ab.bridge.test/"), "temp-k3x9q2ab", s_now.AddHours(2));
        var tunnel = UseTunnel(new FakeTunnelAgent(_ => connection));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", _folder, "--temp", "--server", _api.Url);
        await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        tunnel.RaiseDisconnected("connection reset", willReconnect: true);
        tunnel.RaiseReconnecting(2, TimeSpan.FromSeconds(4), "connection reset");
        tunnel.RaiseReconnected(connection);
        tunnel.RaiseReconnected(connection with { Url = new Uri("https://temp-z9y8x7w6.bridge.test/"), Subdomain = "temp-z9y8x7w6" });
        tunnel.RaiseNotice(TunnelNotice.Expiring, "expiring soon", s_now.AddMinutes(10));
        tunnel.RaiseError("The local server did not answer /mcp in time.", null, isFatal: false);
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        AssertLinesInOrder(result.StdOut,
            "Connection lost (connection reset); reconnecting in 4 s (attempt 2)",
            "✓ Reconnected: https://temp-k3x9q2ab.bridge.test",
            "Reconnected at a NEW URL: https://temp-z9y8x7w6.bridge.test (the previous one, https://temp-k3x9q2ab.bridge.test, no longer works)",
            "The temporary URL expires in 10m (at 12:16). Run the command again then for a new one, or use --cloud for a URL that stays.",
            "The local server did not answer /mcp in time.",
            "Stopping...");
    }

    [Fact]
    public async Task Start_EndsWithFailure_WhenTheTemporaryUrlExpires()
    {
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://temp-k3x9q2ab.bridge.test/", "temp-k3x9q2ab", s_now));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", _folder, "--temp", "--server", _api.Url);
        var options = await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        tunnel.RaiseNotice(TunnelNotice.Expired, "The temporary tunnel temp-k3x9q2ab expired.", s_now);
        var result = await run;

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("The temporary tunnel temp-k3x9q2ab expired.", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("error: the temporary URL expired; run the command again for a new one", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, tunnel.DisconnectCount);
        Assert.False(await AcceptsConnectionsAsync(options.LocalPort!.Value));
    }

    [Fact]
    public async Task Start_EndsWithTheRefusalsExitCode_WhenTheConnectorGivesUpLater()
    {
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://research.bridge.test/", "research"));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", _folder, "--cloud", "--name", "research", "--server", _api.Url, "--api-key", "k");
        await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        tunnel.RaiseError("The account key was revoked.", new CloudConnectorException("The account key was revoked.", 401, "unauthorized"), isFatal: true);
        var result = await run;

        Assert.Equal(ExitCodes.AuthenticationFailed, result.ExitCode);
        Assert.Contains("error: The account key was revoked.", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: check the key passed with --api-key", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartHttpProxy_ForwardsToTheTarget_WithoutALocalServerOrClientConfig()
    {
        using var app = new TcpListener(IPAddress.Loopback, 0);
        app.Start();
        var target = $"http://127.0.0.1:{((IPEndPoint)app.LocalEndpoint).Port}";
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://temp-client-demo-a1b2c3.bridge.test/", "temp-client-demo-a1b2c3", s_now.AddHours(2)));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "http-proxy", "--target", target, "--temp", "--name", "client-demo", "--server", _api.Url);
        var options = await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        tunnel.RaiseRequest("POST", "/webhooks/stripe", 204, TimeSpan.FromMilliseconds(7));
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(new Uri(target), options.TargetUrl);
        Assert.Null(options.LocalPort);
        Assert.Equal("client-demo", options.Name);
        AssertLinesInOrder(result.StdOut,
            $"✓ {target} answers",
            "✓ Connected to",
            $"  https://temp-client-demo-a1b2c3.bridge.test  →  {target}",
            "  Temporary: expires in 2h 0m (at 14:06)",
            "Requests (Ctrl+C to stop):",
            "12:06:00  POST /webhooks/stripe  204  7 ms");
        Assert.DoesNotContain("claude mcp add", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartHttpProxy_WarnsWhenNothingAnswersYet_AndConnectsAnyway()
    {
        var port = McpBridge.Cli.Tests.Commands.UsageErrorTests.FreePort();
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://temp-a1b2c3d4.bridge.test/", "temp-a1b2c3d4", s_now.AddHours(2)));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "http-proxy", "--target", port.ToString(CultureInfo.InvariantCulture), "--temp", "--server", _api.Url);
        var options = await tunnel.ConnectCalled;
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(new Uri($"http://localhost:{port}"), options.TargetUrl);
        Assert.Contains($"Nothing answers at http://localhost:{port} yet: requests get 502 until it does.", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithJson_PrintsOneLineWhenReady_AndNothingElse()
    {
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://temp-k3x9q2ab.bridge.test/", "temp-k3x9q2ab", s_now.AddHours(2)));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "filesystem", "--path", _folder, "--temp", "--server", _api.Url, "--json");
        var options = await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync("\n");
        tunnel.RaiseRequest("POST", "/mcp", 200, TimeSpan.FromMilliseconds(5));
        await _ctrlC.CancelAsync();
        var result = await run;

        var line = Assert.Single(result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var ready = JsonDocument.Parse(line).RootElement;
        Assert.Equal("https://temp-k3x9q2ab.bridge.test/", ready.GetProperty("url").GetString());
        Assert.Equal("temp-k3x9q2ab", ready.GetProperty("name").GetString());
        Assert.Equal(s_now.AddHours(2), ready.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("filesystem", ready.GetProperty("type").GetString());
        Assert.Equal($"http://127.0.0.1:{options.LocalPort}/", ready.GetProperty("local").GetString());
        Assert.Equal(5, ready.GetProperty("tools").GetInt32());
        Assert.Contains("Stopping...", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCustom_ServesTheStdioServer_AndItsChildEndsOnCtrlC()
    {
        _cli.Environment.Set("PATH", Environment.GetEnvironmentVariable("PATH"));
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://temp-k3x9q2ab.bridge.test/", "temp-k3x9q2ab", s_now.AddHours(2)));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token,
            "start", "custom", "--command", $"dotnet '{ConformanceToolsProcess.DllPath}' stdio --diagnostics", "--env", "MCPB_TEST=1", "--temp", "--server", _api.Url);
        var options = await tunnel.ConnectCalled;
        await _cli.Console.WaitForStdOutAsync(Ready);
        await using (var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri($"http://127.0.0.1:{options.LocalPort}/") })))
        {
            var pid = int.Parse(Text(await client.CallToolAsync("diag_pid")), CultureInfo.InvariantCulture);
            await _ctrlC.CancelAsync();
            var result = await run;

            Assert.Equal(ExitCodes.Success, result.ExitCode);
            Assert.Matches(@"✓ Custom server on http://127\.0\.0\.1:\d+ \(\d+ tools\)", result.StdOut);
            Assert.False(IsRunning(pid), $"the stdio server {pid} outlived `start`");
        }
    }

    [Fact]
    public async Task StartCustom_ReportsAServerThatDoesNotStart_BeforeConnecting()
    {
        _cli.Environment.Set("PATH", Environment.GetEnvironmentVariable("PATH"));
        var tunnel = UseTunnel(FakeTunnelAgent.Answering("https://never.bridge.test/", "never"));

        var result = await _cli.RunAsync("start", "custom", "--command", "dotnet --version", "--temp", "--server", _api.Url);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("error: the Custom server did not start:", result.StdErr, StringComparison.Ordinal);
        Assert.Null(tunnel.Options);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
        _ctrlC.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private FakeTunnelAgent UseTunnel(FakeTunnelAgent tunnel)
    {
        _cli.TunnelFactory = tunnel.Factory;
        return tunnel;
    }

    private static void AssertLinesInOrder(string output, params string[] expected)
    {
        var at = 0;
        foreach (var text in expected)
        {
            var found = output.IndexOf(text, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{text}' not found (in order) in:\n{output}");
            at = found + text.Length;
        }
    }

    private static async Task<IList<McpClientTool>> ListToolsAsync(Uri endpoint)
    {
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint }));
        return await client.ListToolsAsync();
    }

    private static async Task<HttpStatusCode> InitializeAsync(int port, string host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Host = host;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
