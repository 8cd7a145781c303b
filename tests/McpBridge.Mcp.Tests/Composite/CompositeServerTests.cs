using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.Http;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

using static McpBridge.Mcp.Tests.TestHost.TestClients;

namespace McpBridge.Mcp.Tests.Composite;

/// <summary>The composite server merges sources into one surface, routes calls, and contains failures to their source.</summary>
public sealed class CompositeServerTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CollidingToolNames_ArePrefixedWithTheSourceName_AndRouteToTheirSource()
    {
        var composite = new CompositeServer("collide", new CompositeSnapshot(1,
        [
            new CompositeSource("alpha", "echo", Search("alpha")),
            new CompositeSource("beta", "echo", Search("beta")),
            new CompositeSource("plain", "echo", EchoTarget.EchoSource()),
        ]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var tools = await client.ListToolsAsync();
        var alpha = await client.CallToolAsync("alpha_search", new Dictionary<string, object?> { ["query"] = "q" });
        var beta = await client.CallToolAsync("beta_search", new Dictionary<string, object?> { ["query"] = "q" });
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "unchanged" });

        Assert.Equal(["alpha_search", "beta_search", "echo"], tools.Select(t => t.Name).Order());
        Assert.Equal("alpha found q", Text(alpha));
        Assert.Equal("beta found q", Text(beta));
        Assert.Equal("Echo: unchanged", Text(echo));
    }

    [Fact]
    public async Task ThrowingSource_YieldsIsErrorResult_AndTheOtherSourceKeepsWorking()
    {
        var observer = new RecordingObserver();
        var composite = new CompositeServer("throws", new CompositeSnapshot(1,
        [
            new CompositeSource("failing", "broken", new FailingSource()),
            new CompositeSource("echo", "echo", EchoTarget.EchoSource()),
        ]), observer);
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var failed = await client.CallToolAsync("boom");
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "still here" });
        var reported = await observer.WaitForEventAsync((source, level, _) => source == "failing" && level == SourceEventLevel.Error, s_wait);

        Assert.True(failed.IsError);
        Assert.Contains("boom", Text(failed));
        Assert.DoesNotContain("secret", Text(failed));
        Assert.Equal("Echo: still here", Text(echo));
        Assert.False(echo.IsError ?? false);
        Assert.DoesNotContain("secret", reported);
        Assert.Contains(observer.Calls, c => c.Name == "boom" && c.IsError);
        Assert.Contains(observer.Calls, c => c.Name == "echo" && !c.IsError);
    }

    [Fact]
    public async Task SourceWhoseCatalogFails_LosesOnlyItsOwnTools()
    {
        var observer = new RecordingObserver();
        var composite = new CompositeServer("catalog", new CompositeSnapshot(1,
        [
            new CompositeSource("failing", "broken", new FailingSource(catalogFails: true)),
            new CompositeSource("echo", "echo", EchoTarget.EchoSource()),
        ]), observer);
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var tools = await client.ListToolsAsync();
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "fine" });
        var reported = await observer.WaitForEventAsync((source, _, _) => source == "failing", s_wait);

        Assert.Equal(["echo"], tools.Select(t => t.Name));
        Assert.Equal("Echo: fine", Text(echo));
        Assert.Contains("executable was not found", reported);
    }

    [Fact]
    public async Task UnknownTool_IsAJsonRpcError()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create());
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("nope").AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public async Task ResourceTemplates_RouteReadsToTheSourceThatOffersThem()
    {
        var composite = EchoTarget.Create(withConformance: true);
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        var templates = await client.ListResourceTemplatesAsync();
        var read = await client.ReadResourceAsync("test://template/42/data");
        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("test://nothing-here").AsTask());

        Assert.Contains(templates, t => t.UriTemplate == "test://template/{id}/data");
        Assert.Contains("\"id\":\"42\"", Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);
        Assert.Equal(McpErrorCode.ResourceNotFound, missing.ErrorCode);
    }

    [Fact]
    public async Task FailedSource_IsNotAskedForItsCatalog_OnEveryCall()
    {
        var broken = new ScriptedSource("broken") { FailingFetches = int.MaxValue, State = new SourceState(SourceStatus.Failed, "down") };
        var composite = new CompositeServer("cached", new CompositeSnapshot(1,
        [
            new CompositeSource("broken", "scripted", broken),
            new CompositeSource("echo", "echo", EchoTarget.EchoSource()),
        ]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"Echo: {i}", Text(await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        }

        // Once for the merge (in the background), and not again within the retry interval: calls to the healthy
        // source neither rebuild the merge nor wait for the broken one.
        Assert.InRange(broken.CatalogRequests, 1, 2);
    }

    [Fact]
    public async Task SourceWhoseCatalogFailedOnce_IsTriedAgain_AndClientsAreToldItsToolsArrived()
    {
        var flaky = new ScriptedSource("flaky") { FailingFetches = 1 };
        var composite = new CompositeServer("retry", new CompositeSnapshot(1,
        [
            new CompositeSource("flaky", "scripted", flaky),
            new CompositeSource("echo", "echo", EchoTarget.EchoSource()),
        ]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);
        var listChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var handler = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            listChanged.TrySetResult();
            return ValueTask.CompletedTask;
        });

        var before = await client.ListToolsAsync();
        await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "x" });
        await listChanged.Task.WaitAsync(s_wait);
        var after = await client.ListToolsAsync();

        Assert.Equal(["echo"], before.Select(t => t.Name));
        Assert.Equal(["echo", "flaky_tool"], after.Select(t => t.Name).Order());
    }

    private static InProcessSource Search(string name) => new(
    [
        McpServerTool.Create((string query) => $"{name} found {query}", new() { Name = "search", Description = $"Searches {name}" }),
    ]);
}
