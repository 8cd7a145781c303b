using System.Text.Json.Nodes;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.TestHost;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static McpBridge.Mcp.Tests.TestHost.TestClients;
using McpBridge.TestSupport.Time;

namespace McpBridge.Mcp.Tests.Sources;

/// <summary>A <see cref="ClientSource"/> keeps serving through what its upstream, or a client, gets wrong.</summary>
public sealed class ClientSourceFailureTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RefusedSubscription_IsNotTriedAgain_ByLaterConnections()
    {
        var clock = new FakeTimeProvider();
        await using var upstream = new InMemoryUpstream(SubscribableUpstream());
        await using var source = new ClientSource(new ClientSourceOptions
        {
            Name = "upstream",
            CreateTransport = upstream.CreateTransport,
            TimeProvider = clock,
            IdleTimeout = TimeSpan.FromMinutes(1),
        });

        await Assert.ThrowsAsync<McpProtocolException>(() => source.SubscribeAsync("test://refused", CancellationToken.None).AsTask());
        clock.Advance(TimeSpan.FromMinutes(2));
        await source.ReapIdleConnectionsOnceAsync();
        var connectionsAfterIdle = source.ConnectionCount;
        var catalog = await source.GetCatalogAsync(CancellationToken.None);

        Assert.Equal(0, connectionsAfterIdle);
        Assert.Equal(["first"], catalog.Tools.Select(t => t.Name));
        Assert.Equal(SourceStatus.Ready, source.State.Status);
    }

    [Fact]
    public async Task SubscribedSource_StaysConnected_PastTheIdleTimeout()
    {
        var clock = new FakeTimeProvider();
        await using var upstream = new InMemoryUpstream(SubscribableUpstream());
        await using var source = new ClientSource(new ClientSourceOptions
        {
            Name = "upstream",
            CreateTransport = upstream.CreateTransport,
            TimeProvider = clock,
            IdleTimeout = TimeSpan.FromMinutes(1),
        });

        await source.SubscribeAsync("test://watched", CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        await source.ReapIdleConnectionsOnceAsync();

        Assert.Equal(1, source.ConnectionCount);
    }

    [Fact]
    public async Task FailedStart_IsLoggedWithoutSecrets_AndCarriesNoInnerException()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var source = new ClientSource(new ClientSourceOptions
        {
            Name = "leaky",
            LoggerFactory = loggerFactory,
            Secrets = ["hunter2-secret"],
            CreateTransport = _ => throw new InvalidOperationException("process exited; stderr: token hunter2-secret rejected"),
        });
        var composite = new CompositeServer("leaky", new CompositeSnapshot(1, [new CompositeSource("leaky", "stdio", source)]), loggerFactory: loggerFactory);

        var tools = await composite.ListToolNamesAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetCatalogAsync(CancellationToken.None).AsTask());

        Assert.Empty(tools);
        Assert.Null(error.InnerException);
        Assert.Contains(logs.Entries, e => e.Contains("failed to start", StringComparison.Ordinal));
        Assert.All(logs.Entries, e => Assert.DoesNotContain("hunter2", e));
    }

    [Fact]
    public async Task Call_SharesTheOpenConnection_WhenNoOtherCanStart()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = McpServerTool.Create(async () =>
        {
            entered.TrySetResult();
            await release.Task;
            return "slow done";
        }, new() { Name = "slow", Description = "Waits to be released" });
        await using var upstream = new InMemoryUpstream(new McpServerOptions { ToolCollection = [Tool("fast"), slow] });
        var startsFail = false;
        await using var source = new ClientSource(new ClientSourceOptions
        {
            Name = "pool",
            MaxConnections = 2,
            CreateTransport = ct => startsFail ? throw new InvalidOperationException("cannot spawn") : upstream.CreateTransport(ct),
        });
        var composite = new CompositeServer("pool", new CompositeSnapshot(1, [new CompositeSource("pool", "stdio", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var alice = await ConnectAsync(server);
        await using var bob = await ConnectAsync(server);

        var slowCall = alice.CallToolAsync("slow").AsTask();
        await entered.Task.WaitAsync(s_wait);
        startsFail = true;
        var fast = await bob.CallToolAsync("fast");
        release.SetResult();

        Assert.Equal("fast called", Text(fast));
        Assert.False(fast.IsError ?? false);
        Assert.Equal("slow done", Text(await slowCall.WaitAsync(s_wait)));
        Assert.Equal(1, source.ConnectionCount);
    }

    [Fact]
    public async Task NonIntegerProgressToken_IsIgnored_AndTheCallIsServed()
    {
        await using var upstream = new InMemoryUpstream(new McpServerOptions { ToolCollection = [Tool("first")] });
        await using var source = new ClientSource(new ClientSourceOptions { Name = "upstream", CreateTransport = upstream.CreateTransport });
        var composite = new CompositeServer("progress", new CompositeSnapshot(1, [new CompositeSource("upstream", "remote", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);

        var response = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url,
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"first","_meta":{"progressToken":1.5}}}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" }));

        Assert.Equal("first called", response.Result?.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(response.Result?.TryGetProperty("isError", out var isError) == true && isError.GetBoolean(), response.Body);
    }

    [Fact]
    public async Task UpstreamLogMessageWithMalformedParams_DoesNotBreakTheConnection()
    {
        var odd = McpServerTool.Create(async (McpServer server, CancellationToken cancellationToken) =>
        {
            await server.SendMessageAsync(new JsonRpcNotification { Method = NotificationMethods.LoggingMessageNotification, Params = new JsonArray("not", "an", "object") }, cancellationToken);
            return "logged";
        }, new() { Name = "odd_log", Description = "Sends a log message whose params are an array" });
        await using var upstream = new InMemoryUpstream(new McpServerOptions { ToolCollection = [odd, Tool("first")] });
        await using var source = new ClientSource(new ClientSourceOptions { Name = "upstream", CreateTransport = upstream.CreateTransport });
        var composite = new CompositeServer("logs", new CompositeSnapshot(1, [new CompositeSource("upstream", "remote", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);
        await client.SetLoggingLevelAsync(LoggingLevel.Debug);

        var logged = await client.CallToolAsync("odd_log");
        var next = await client.CallToolAsync("first");

        Assert.Equal("logged", Text(logged));
        Assert.False(logged.IsError ?? false);
        Assert.Equal("first called", Text(next));
        Assert.Equal(1, upstream.SessionCount);
    }

    private static McpServerOptions SubscribableUpstream()
    {
        var resources = new McpServerResourceCollection
        {
            McpServerResource.Create(
                () => new TextResourceContents { Uri = "test://watched", Text = "watched" },
                new() { UriTemplate = "test://watched", Name = "watched" }),
        };
        return new McpServerOptions
        {
            Capabilities = new ServerCapabilities { Resources = new ResourcesCapability { Subscribe = true } },
            ToolCollection = [Tool("first")],
            ResourceCollection = resources,
            Handlers = new McpServerHandlers
            {
                SubscribeToResourcesHandler = static (request, _) => request.Params?.Uri == "test://refused"
                    ? throw new McpProtocolException("No such resource.", McpErrorCode.InvalidParams)
                    : new ValueTask<EmptyResult>(new EmptyResult()),
                UnsubscribeFromResourcesHandler = static (_, _) => new ValueTask<EmptyResult>(new EmptyResult()),
            },
        };
    }

    private static McpServerTool Tool(string name) =>
        McpServerTool.Create(() => $"{name} called", new() { Name = name, Description = $"The {name} tool" });
}
