using McpBridge.ConformanceTools;
using McpBridge.EndToEnd.Tests.Start;

namespace McpBridge.EndToEnd.Tests.Tunnels;

/// <summary>
/// Real processes only: <c>mcp-bridge serve</c>, and <c>mcp-bridge start custom --temp</c> running the conformance
/// test server (a stdio MCP server) on this machine. Tests point independent MCP clients at the URL <c>start</c> printed.
/// </summary>
public sealed class TunnelInteropFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mcpb-tunnel-e2e-data-").FullName;
    private readonly string _configDir = Directory.CreateTempSubdirectory("mcpb-tunnel-e2e-config-").FullName;
    private CliProcess? _serve;
    private CliProcess? _start;

    /// <summary>The tunnel's public URL: the local MCP server's Streamable HTTP endpoint.</summary>
    public string Url { get; private set; } = string.Empty;

    public string StartOutput => _start?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        var server = $"http://127.0.0.1:{CliProcess.FreePort()}";
        var environment = new Dictionary<string, string?> { ["MCP_BRIDGE_CONFIG_DIR"] = _configDir, ["MCP_BRIDGE_API_KEY"] = null };
        _serve = CliProcess.Start(environment, "serve", "--urls", server, "--data-dir", _dataDir, "--", "--Tunnels:AnonymousRequestsPerTunnel", "100000");
        await _serve.WaitForAsync("MCP Bridge is ready", s_timeout);
        var command = $"dotnet \"{ConformanceToolsProcess.DllPath}\" stdio";
        _start = CliProcess.Start(environment, "start", "custom", "--command", command, "--temp", "--name", "conformance", "--quiet", "--server", server);
        await _start.WaitForAsync("Running; Ctrl+C to stop.", s_timeout);
        Url = _start.PrintedTunnelUrl;
    }

    public async Task DisposeAsync()
    {
        if (_start is not null)
        {
            await _start.DisposeAsync();
        }

        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
        Directory.Delete(_configDir, recursive: true);
    }


}
