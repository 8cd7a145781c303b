using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static McpBridge.Mcp.Tests.TestHost.TestClients;
using McpBridge.TestSupport.Time;

namespace McpBridge.Mcp.Tests.Sources;

/// <summary>A <see cref="ClientSource"/> over an in-process upstream: list changes and what crosses the gateway.</summary>
public sealed class ClientSourceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task UpstreamToolListChange_IsServedToClients()
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool> { Tool("first") };
        await using var upstream = new InMemoryUpstream(new McpServerOptions { ToolCollection = tools });
        await using var source = new ClientSource(new ClientSourceOptions { Name = "upstream", CreateTransport = upstream.CreateTransport });
        var changed = new TaskCompletionSource<SourceChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Changed += change => changed.TrySetResult(change);
        var composite = new CompositeServer("lists", new CompositeSnapshot(1, [new CompositeSource("upstream", "remote", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var before = await client.ListToolsAsync();
        tools.Add(Tool("second"));
        var change = await changed.Task.WaitAsync(s_wait);
        var after = await client.ListToolsAsync();
        var call = await client.CallToolAsync("second");

        Assert.Equal(["first"], before.Select(t => t.Name));
        Assert.Equal(SourceChangeKind.ToolsChanged, change.Kind);
        Assert.Equal(["first", "second"], after.Select(t => t.Name).Order());
        Assert.Equal("second called", Text(call));
    }

    [Fact]
    public async Task UpstreamResult_CarriesNoUpstreamProtocolMetadata_WhenUpstreamSpeaks20260728()
    {
        await using var upstream = new InMemoryUpstream(new McpServerOptions { ToolCollection = [Tool("first")] });
        await using var source = new ClientSource(new ClientSourceOptions { Name = "upstream", CreateTransport = upstream.CreateTransport, ProtocolVersion = null });
        var composite = new CompositeServer("meta", new CompositeSnapshot(1, [new CompositeSource("upstream", "remote", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var result = await client.CallToolAsync("first");

        Assert.Equal("first called", Text(result));
        Assert.Null(result.ResultType);
        Assert.False(result.Meta?.ContainsKey("io.modelcontextprotocol/serverInfo") ?? false, result.Meta?.ToJsonString());
    }

    [Fact]
    public async Task FailingStart_IsReported_AndRetriedAfterBackoff()
    {
        var clock = new FakeTimeProvider();
        var observer = new RecordingObserver();
        var attempts = 0;
        await using var source = new ClientSource(new ClientSourceOptions
        {
            Name = "flaky",
            Events = observer,
            TimeProvider = clock,
            Secrets = ["hunter2-secret"],
            CreateTransport = _ =>
            {
                attempts++;
                throw new InvalidOperationException("cannot spawn: token hunter2-secret rejected");
            },
        });

        var first = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetCatalogAsync(CancellationToken.None).AsTask());
        var second = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetCatalogAsync(CancellationToken.None).AsTask());
        clock.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetCatalogAsync(CancellationToken.None).AsTask());

        Assert.Contains("failed to start", first.Message);
        Assert.DoesNotContain("hunter2", first.Message);
        Assert.Contains("retrying in", second.Message);
        Assert.Equal(2, attempts);
        Assert.Equal(SourceStatus.Failed, source.State.Status);
        Assert.All(observer.Events, e => Assert.DoesNotContain("hunter2", e.Message));
        Assert.Contains(observer.Events, e => e.Level == SourceEventLevel.Error && e.Message.Contains("failed to start", StringComparison.Ordinal));
    }

    private static McpServerTool Tool(string name) =>
        McpServerTool.Create(() => $"{name} called", new() { Name = name, Description = $"The {name} tool" });
}
