using McpBridge.ConformanceTools;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.TestHost;
using McpBridge.TestSupport.Interop;
using ModelContextProtocol.Client;

namespace McpBridge.Mcp.Tests.Conformance;

/// <summary>
/// Runs the conformance suite once per source kind, each time against a composite server hosted on Kestrel whose
/// only source serves the conformance tools in that way; the tests then read the per-scenario results.
/// </summary>
public sealed class ConformanceFixture : IAsyncLifetime
{
    private readonly Dictionary<ConformanceSourceKind, Lazy<Task<ConformanceReport>>> _reports = [];
    private readonly List<IAsyncDisposable> _resources = [];

    public ConformanceFixture()
    {
        foreach (var kind in Enum.GetValues<ConformanceSourceKind>())
        {
            _reports[kind] = new Lazy<Task<ConformanceReport>>(() => RunAsync(kind));
        }
    }

    public Task<ConformanceReport> GetReportAsync(ConformanceSourceKind kind) => _reports[kind].Value;

    private async Task<ConformanceReport> RunAsync(ConformanceSourceKind kind)
    {
        IMcpSource source = kind switch
        {
            ConformanceSourceKind.InProcess => ConformanceToolset.CreateSource(),
            ConformanceSourceKind.Stdio => new ClientSource(new ClientSourceOptions
            {
                Name = "conformance",
                CreateTransport = _ => new ValueTask<IClientTransport>(ConformanceToolsProcess.StdioTransport()),
            }),
            ConformanceSourceKind.RemoteHttp => await CreateRemoteSourceAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        Track(source);
        var composite = new CompositeServer(
            $"conformance-{kind}",
            new CompositeSnapshot(1, [new CompositeSource("conformance", "conformance-tools", source)]));
        var server = await McpTestServer.StartAsync(composite);
        Track(server);
        return await ConformanceSuite.RunAsync(server.Url, new ConformanceSuiteOptions { Suite = "all" });
    }

    private async Task<IMcpSource> CreateRemoteSourceAsync()
    {
        var child = await ConformanceToolsProcess.StartHttpAsync();
        Track(child);
        return new ClientSource(new ClientSourceOptions
        {
            Name = "conformance",
            CreateTransport = _ => new ValueTask<IClientTransport>(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(child.Url),
                TransportMode = HttpTransportMode.StreamableHttp,
            })),
        });
    }

    private void Track(IAsyncDisposable resource)
    {
        lock (_resources)
        {
            _resources.Add(resource);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        IAsyncDisposable[] resources;
        lock (_resources)
        {
            resources = [.. _resources];
        }

        // Servers first (they hold sessions on the sources), then sources, then child processes.
        foreach (var resource in resources.Reverse())
        {
            await resource.DisposeAsync();
        }
    }
}
