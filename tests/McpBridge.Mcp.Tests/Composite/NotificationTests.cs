using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Tests.Http;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.Composite;

/// <summary>List changes reach every client at once, and no client (stalled, or listening forever) holds up others.</summary>
public sealed class NotificationTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SwapAsync_ReturnsAtOnce_AndTellsTheOtherSessions_WhileOneSessionStalls()
    {
        var composite = EchoTarget.Create();
        var told = new StubTransport();
        await using var stalledServer = McpServer.Create(new StubTransport(stall: true), composite.CreateServerOptions(stateless: false));
        await using var toldServer = McpServer.Create(told, composite.CreateServerOptions(stateless: false));
        composite.OnSessionStarted("stalled", stalledServer);
        composite.OnSessionStarted("told", toldServer);
        using var deploy = new CancellationTokenSource();

        var swap = composite.SwapAsync(new CompositeSnapshot(2, [new CompositeSource("echo", "echo", EchoTarget.EchoSource("Echo2"))]), deploy.Token);
        await deploy.CancelAsync();
        var previous = await swap.WaitAsync(s_wait);
        var methods = await told.ReadNotificationsAsync(3, s_wait);

        Assert.Equal(1, previous.Version);
        Assert.Equal(2, composite.Snapshot.Version);
        Assert.Equal(
            [NotificationMethods.ToolListChangedNotification, NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification],
            methods);
    }

    [Fact]
    public async Task CloseListenersAsync_EndsAnOpenListenRequest()
    {
        var composite = EchoTarget.Create();
        await using var server = await McpTestServer.StartAsync(composite);
        using var response = await server.Http.SendAsync(Listen(server.Url), HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        await ReadUntilAsync(stream, NotificationMethods.SubscriptionsAcknowledgedNotification);

        var closed = await composite.CloseListenersAsync();
        var rest = await stream.ReadToEndAsync().WaitAsync(s_wait);

        Assert.Equal(1, closed);
        Assert.Contains("\"result\"", rest);
    }

    [Fact]
    public async Task Shutdown_EndsOpenListenRequests_WithoutWaitingForThem()
    {
        var server = await McpTestServer.StartAsync(EchoTarget.Create());
        await using (server)
        {
            using var response = await server.Http.SendAsync(Listen(server.Url), HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
            await ReadUntilAsync(stream, NotificationMethods.SubscriptionsAcknowledgedNotification);

            // The host gives requests 10 s to finish; a listener that only ends when its client goes would take them all.
            var stopping = Stopwatch.StartNew();
            await server.DisposeAsync();

            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
        }
    }

    private static HttpRequestMessage Listen(string url)
    {
        var parameters = (JsonObject)JsonSerializer.SerializeToNode(
            new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
            McpJsonUtilities.DefaultOptions)!;
        return RawMcp.Stateless(url, RequestMethods.SubscriptionsListen, parameters);
    }

    private static async Task ReadUntilAsync(StreamReader stream, string method)
    {
        while (true)
        {
            var line = await stream.ReadLineAsync().WaitAsync(s_wait) ?? throw new Xunit.Sdk.XunitException("The stream ended.");
            if (line.StartsWith("data:", StringComparison.Ordinal) &&
                JsonDocument.Parse(line[5..]).RootElement.TryGetProperty("method", out var m) && m.GetString() == method)
            {
                return;
            }
        }
    }
}
