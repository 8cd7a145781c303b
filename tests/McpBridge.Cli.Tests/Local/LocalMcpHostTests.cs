using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using McpBridge.Cli.Local;
using McpBridge.ConformanceTools;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Cli.Tests.Local;

/// <summary>The local MCP server of <c>start</c> on real Kestrel: the root, <c>/mcp</c> and <c>/sse</c> all serve it.</summary>
public sealed class LocalMcpHostTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("mcp-bridge-local-host-").FullName;

    public LocalMcpHostTests()
    {
        File.WriteAllText(Path.Combine(_folder, "hello.md"), "# Hello from the local folder");
    }

    [Theory]
    [InlineData("", HttpTransportMode.StreamableHttp)]
    [InlineData("mcp", HttpTransportMode.StreamableHttp)]
    [InlineData("sse", HttpTransportMode.Sse)]
    public async Task StartAsync_ServesTheFilesystemTools_AtEachEndpoint(string path, HttpTransportMode mode)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var host = await StartFilesystemAsync(timeout.Token);

        await using var client = await ConnectAsync(new Uri(host.Url, path), mode, timeout.Token);
        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        var read = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "hello.md" }, cancellationToken: timeout.Token);

        Assert.Equal(["get_file_info", "list_directory", "read_file", "search_files", "write_file"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains("# Hello from the local folder", Text(read), StringComparison.Ordinal);
        Assert.Equal(IPAddress.Loopback.ToString(), host.Url.Host);
    }

    [Fact]
    public async Task StartAsync_ServesAStdioServer_AndDisposeEndsItsChildProcess()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" };
        var start = await LocalMcpHost.StartAsync(new LocalMcpHostOptions
        {
            Sources = [new LocalSourceSpec("custom", new LocalCommandConnector(environment), new JsonObject
            {
                ["command"] = "dotnet",
                ["args"] = new JsonArray(ConformanceToolsProcess.DllPath, "stdio", "--diagnostics"),
                ["workingDirectory"] = _folder,
            })],
        }, timeout.Token);
        var host = start.Host ?? throw new InvalidOperationException(start.Error);
        int pid;
        await using (host)
        {
            await using var client = await ConnectAsync(host.Url, HttpTransportMode.StreamableHttp, timeout.Token);
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            pid = int.Parse(Text(await client.CallToolAsync("diag_pid", cancellationToken: timeout.Token)), CultureInfo.InvariantCulture);

            Assert.Contains(tools, t => t.Name == "test_simple_text");
            Assert.True(IsRunning(pid));
        }

        Assert.False(IsRunning(pid), $"the stdio server {pid} outlived the local host");
    }

    [Fact]
    public async Task Requests_NamingAForeignHost_AreRefused_UntilThatHostIsTheTunnels()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var host = await StartFilesystemAsync(timeout.Token);
        using var http = new HttpClient();

        var beforeTunnel = await InitializeAsync(http, host, "sarah-notes.bridge.test", timeout.Token);
        var rebinding = await InitializeAsync(http, host, "evil.example", timeout.Token);
        host.Policy.AllowHost("sarah-notes.bridge.test");
        var fromTunnel = await InitializeAsync(http, host, "sarah-notes.bridge.test", timeout.Token);
        var stillRebinding = await InitializeAsync(http, host, "evil.example", timeout.Token);
        var loopback = await InitializeAsync(http, host, $"localhost:{host.Port}", timeout.Token);

        Assert.Equal(HttpStatusCode.Forbidden, beforeTunnel);
        Assert.Equal(HttpStatusCode.Forbidden, rebinding);
        Assert.Equal(HttpStatusCode.OK, fromTunnel);
        Assert.Equal(HttpStatusCode.Forbidden, stillRebinding);
        Assert.Equal(HttpStatusCode.OK, loopback);
    }

    [Theory]
    [InlineData("/t/sarah-notes", "/t/sarah-notes/message?sessionId=")]
    [InlineData(null, "/message?sessionId=")]
    [InlineData("/../evil?x", "/message?sessionId=")]
    public async Task SseStream_AnnouncesTheMessageEndpoint_UnderTheRelaysPathPrefix(string? prefix, string expected)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var host = await StartFilesystemAsync(timeout.Token);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Url, "sse"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (prefix is not null)
        {
            request.Headers.Add("X-Forwarded-Prefix", prefix);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        string? data = null;
        while (data is null && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            data = line.StartsWith("data: ", StringComparison.Ordinal) ? line["data: ".Length..] : null;
        }

        Assert.NotNull(data);
        Assert.StartsWith(expected, data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ReportsAPortInUse_AndLeavesNothingRunning()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var start = await LocalMcpHost.StartAsync(FilesystemOptions(_folder, port), timeout.Token);

        Assert.Null(start.Host);
        Assert.StartsWith($"cannot listen on 127.0.0.1:{port}:", start.Error, StringComparison.Ordinal);
        Assert.EndsWith("Choose another --port, or leave it out for a free one.", start.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ReportsWhatTheConnectorRefuses_AsAValue()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var missing = Path.Combine(_folder, "gone");

        var start = await LocalMcpHost.StartAsync(FilesystemOptions(missing, port: null), timeout.Token);

        Assert.Null(start.Host);
        Assert.Equal($"The folder '{missing}' does not exist.", start.Error);
    }

    [Fact]
    public async Task CheckToolAsync_ReturnsTheToolsErrorText_OrNullWhenItAnswers()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var host = await StartFilesystemAsync(timeout.Token);

        var fine = await host.CheckToolAsync("list_directory", timeout.Token);
        var broken = await host.CheckToolAsync("no_such_tool", timeout.Token);

        Assert.Null(fine);
        Assert.Contains("no_such_tool", broken, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<LocalMcpHost> StartFilesystemAsync(CancellationToken cancellationToken)
    {
        var start = await LocalMcpHost.StartAsync(FilesystemOptions(_folder, port: null), cancellationToken);
        return start.Host ?? throw new InvalidOperationException(start.Error);
    }

    private static LocalMcpHostOptions FilesystemOptions(string folder, int? port) => new()
    {
        Sources = [new LocalSourceSpec("filesystem", LocalConnectors.Filesystem(), new JsonObject { ["root"] = folder })],
        Port = port,
    };

    private static Task<McpClient> ConnectAsync(Uri endpoint, HttpTransportMode mode, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = mode }), cancellationToken: cancellationToken);

    private static async Task<HttpStatusCode> InitializeAsync(HttpClient http, LocalMcpHost host, string hostHeader, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Url)
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Host = hostHeader;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
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
