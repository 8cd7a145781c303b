using System.IO.Pipelines;
using System.Text.Json.Nodes;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.Tests.Harness;

/// <summary>
/// Serves sources the way the gateway does: behind a <see cref="CompositeServer"/>, on an in-memory stream
/// transport, called by a real <see cref="McpClient"/>. Tool calls therefore reach
/// <see cref="IMcpSource.CallToolAsync"/> with a genuine request context.
/// </summary>
internal sealed class McpTestHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly McpServer _server;
    private readonly Task _serverRun;
    private readonly IMcpSource[] _sources;

    private McpTestHarness(CancellationTokenSource stop, McpServer server, Task serverRun, McpClient client, IMcpSource[] sources)
    {
        _stop = stop;
        _server = server;
        _serverRun = serverRun;
        Client = client;
        _sources = sources;
    }

    public McpClient Client { get; }

    public static Task<McpTestHarness> StartAsync(IMcpSource source, string name = "test") => StartAsync([(name, source)]);

    public static async Task<McpTestHarness> StartAsync((string Name, IMcpSource Source)[] sources)
    {
        var snapshot = new CompositeSnapshot(1, sources.Select(s => new CompositeSource(s.Name, s.Name, s.Source)).ToArray());
        var composite = new CompositeServer("test-server", snapshot);
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var serverTransport = new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), "test-server", NullLoggerFactory.Instance);
        var server = McpServer.Create(serverTransport, composite.CreateServerOptions(stateless: false), NullLoggerFactory.Instance);
        var stop = new CancellationTokenSource();
        var run = server.RunAsync(stop.Token);
        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), NullLoggerFactory.Instance),
            new McpClientOptions { ClientInfo = new Implementation { Name = "connector-tests", Version = "1.0" } },
            NullLoggerFactory.Instance,
            TestTimeouts.Token());
        return new McpTestHarness(stop, server, run, client, sources.Select(s => s.Source).ToArray());
    }

    public async Task<CallToolResult> CallAsync(string tool, object? arguments = null)
    {
        var args = arguments switch
        {
            null => new Dictionary<string, object?>(),
            IReadOnlyDictionary<string, object?> d => d,
            _ => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(arguments))!.AsObject()
                .ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone()),
        };
        return await Client.CallToolAsync(tool, args, cancellationToken: TestTimeouts.Token());
    }

    /// <summary>Calls a tool that must succeed and returns its text.</summary>
    public async Task<string> CallTextAsync(string tool, object? arguments = null)
    {
        var result = await CallAsync(tool, arguments);
        var text = Text(result);
        Assert.False(result.IsError == true, $"{tool} failed: {text}");
        return text;
    }

    /// <summary>Calls a tool that must fail and returns the error text.</summary>
    public async Task<string> CallErrorAsync(string tool, object? arguments = null)
    {
        var result = await CallAsync(tool, arguments);
        var text = Text(result);
        Assert.True(result.IsError == true, $"{tool} was expected to fail but returned: {text}");
        return text;
    }

    public async Task<IReadOnlyList<string>> ListToolNamesAsync() =>
        (await Client.ListToolsAsync(cancellationToken: TestTimeouts.Token())).Select(t => t.Name).ToArray();

    public static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        await _server.DisposeAsync();
        try
        {
            await _serverRun;
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }

        _stop.Dispose();
    }
}
