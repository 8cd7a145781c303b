using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.EndToEnd;

/// <summary>
/// <c>mcp-bridge start</c> as a real process with the SDK's real agent, against a local fake relay (the relay's wire side
/// only): MCP requests arriving through the tunnel reach the local server at the root and at /mcp, each shows as a
/// line, and Ctrl+C closes the tunnel and the local server and exits 0.
/// </summary>
public sealed partial class StartProcessTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("mcp-bridge-start-process-").FullName;
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("mcp-bridge-start-config-").FullName;

    [Fact]
    public async Task StartFilesystemTemp_ServesMcpThroughTheAgent_AndStopsOnCtrlC_ThroughLocalFakeRelay()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.WriteAllText(Path.Combine(_folder, "hello.md"), "# Hello through the tunnel");
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var relay = await FakeRelay.StartAsync();
        using var process = BridgeProcess.Start(
            new Dictionary<string, string?> { [EnvironmentVariables.ConfigDir] = _configDirectory, [EnvironmentVariables.ApiKey] = null },
            "start", "filesystem", "--path", _folder, "--temp", "--name", "notes", "--server", relay.Url);
        var stdout = new StringBuilder();

        await ReadUntilAsync(process.StandardOutput, stdout, "Requests (Ctrl+C to stop):", timeout.Token);
        var port = int.Parse(LocalServer().Match(stdout.ToString()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var initialize = await relay.SendAsync("POST", "/", McpHeaders(null),
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""", timeout.Token);
        var session = initialize.Headers.First(h => h.Key.Equals("Mcp-Session-Id", StringComparison.OrdinalIgnoreCase)).Value;
        var initialized = await relay.SendAsync("POST", "/mcp", McpHeaders(session), """{"jsonrpc":"2.0","method":"notifications/initialized"}""", timeout.Token);
        var call = await relay.SendAsync("POST", "/mcp", McpHeaders(session),
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"hello.md"}}}""", timeout.Token);
        await ReadUntilAsync(process.StandardOutput, stdout, "POST /mcp  200", timeout.Token);
        var agent = await relay.Agent;
        await process.InterruptAsync();
        await process.WaitForExitAsync(timeout.Token);
        stdout.Append(await process.StandardOutput.ReadToEndAsync(timeout.Token));
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);

        Assert.Equal(200, initialize.Status);
        Assert.Contains("\"serverInfo\"", initialize.Body, StringComparison.Ordinal);
        Assert.Equal(202, initialized.Status);
        Assert.Contains("# Hello through the tunnel", call.Body, StringComparison.Ordinal);
        var (query, authorization) = Assert.Single(relay.Connects);
        Assert.Contains("name=notes", query, StringComparison.Ordinal);
        Assert.Contains("temporary=true", query, StringComparison.Ordinal);
        Assert.Null(authorization);
        Assert.Contains("✓ Connected to " + relay.Url + " as temp-notes-a1b2c3", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("  http://temp-notes-a1b2c3.relay.test", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("  POST /  200  ", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("Stopping...", stdout.ToString(), StringComparison.Ordinal);
        Assert.True(ExitCodes.Success == process.ExitCode, $"exit code {process.ExitCode}; stderr: {stderr}");
        Assert.True(agent.Closed.IsCancellationRequested, "the agent's connection is still open after Ctrl+C");
        Assert.False(await AcceptsConnectionsAsync(port), "the local MCP server still listens after Ctrl+C");
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(_configDirectory, recursive: true);
    }

    private static KeyValuePair<string, string>[] McpHeaders(string? session) =>
        session is null
            ? [new("Content-Type", "application/json"), new("Accept", "application/json, text/event-stream")]
            : [new("Content-Type", "application/json"), new("Accept", "application/json, text/event-stream"), new("Mcp-Session-Id", session), new("MCP-Protocol-Version", "2025-06-18")];

    private static async Task ReadUntilAsync(StreamReader reader, StringBuilder seen, string text, CancellationToken cancellationToken)
    {
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException($"stdout ended before '{text}':\n{seen}");
            seen.AppendLine(line);
        }
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

    [GeneratedRegex(@"✓ Filesystem server on http://127\.0\.0\.1:(\d+) ")]
    private static partial Regex LocalServer();
}
