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
    public async Task CloseListenersAsync_EndsEveryListener_WithItsClosingResult_WhenManyAreOpen()
    {
        const int Listeners = 12;
        var composite = EchoTarget.Create();
        await using var server = await McpTestServer.StartAsync(composite);
        var open = new List<(HttpResponseMessage Response, StreamReader Stream)>();
        try
        {
            for (var i = 0; i < Listeners; i++)
            {
                var response = await server.Http.SendAsync(Listen(server.Url), HttpCompletionOption.ResponseHeadersRead);
                var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
                open.Add((response, stream));
                await ReadUntilAsync(stream, NotificationMethods.SubscriptionsAcknowledgedNotification);
            }

            var closed = await composite.CloseListenersAsync();
            var rests = await Task.WhenAll(open.Select(o => o.Stream.ReadToEndAsync())).WaitAsync(s_wait);

            Assert.Equal(Listeners, closed);
            Assert.All(rests, rest => Assert.Contains("\"result\"", rest));
        }
        finally
        {
            foreach (var (response, stream) in open)
            {
                stream.Dispose();
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task CloseListenersAsync_SendsTheClosingResult_WhenItLandsWhileTheAcknowledgementIsBeingWritten()
    {
        // A close that lands while the acknowledgement is still being written must not cancel that write: Kestrel
        // aborts the connection for a write cancelled under way, and the client then loses the closing result (seen
        // as "connection reset" on a busy machine).
        var composite = EchoTarget.Create();
        var transport = new HeldSendTransport(NotificationMethods.SubscriptionsAcknowledgedNotification);
        await using var mcp = McpServer.Create(transport, composite.CreateServerOptions(stateless: true));
        using var stop = new CancellationTokenSource();
        var run = mcp.RunAsync(stop.Token);
        var request = ListenRequest(RawMcp.July2026);
        transport.Receive(request);
        await transport.Holding.WaitAsync(s_wait);

        var closed = await composite.CloseListenersAsync();
        transport.Release();
        var messages = await ReadUntilResponseAsync(transport, request.Id);
        await stop.CancelAsync();
        await run.WaitAsync(s_wait);

        Assert.Equal(1, closed);
        Assert.False(transport.Aborted, "the acknowledgement's write was cancelled under way, which aborts the connection");
        Assert.IsType<JsonRpcResponse>(messages[^1]);
    }

    [Fact]
    public async Task Shutdown_EndsOpenListenRequests_WithTheirResult_WithoutWaitingForThem()
    {
        var server = await McpTestServer.StartAsync(EchoTarget.Create());
        await using (server)
        {
            using var response = await server.Http.SendAsync(Listen(server.Url), HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
            await ReadUntilAsync(stream, NotificationMethods.SubscriptionsAcknowledgedNotification);

            // The host gives requests 10 s to finish; a listener that only ends when its client goes would take them all.
            var rest = stream.ReadToEndAsync();
            var stopping = Stopwatch.StartNew();
            await server.DisposeAsync();

            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
            // Ended with its result, not cut off: the client can tell a shutdown from a broken connection.
            Assert.Contains("\"result\"", await rest.WaitAsync(s_wait));
        }
    }

    private static HttpRequestMessage Listen(string url) => RawMcp.Stateless(url, RequestMethods.SubscriptionsListen, ListenParameters());

    private static JsonObject ListenParameters() =>
        (JsonObject)JsonSerializer.SerializeToNode(
            new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
            McpJsonUtilities.DefaultOptions)!;

    /// <summary>A 2026-07-28 listen request as the stateless HTTP handler hands it to its per-request server.</summary>
    private static JsonRpcRequest ListenRequest(string protocolVersion)
    {
        var parameters = ListenParameters();
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = protocolVersion,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        };
        return new JsonRpcRequest
        {
            Id = new RequestId(7),
            Method = RequestMethods.SubscriptionsListen,
            Params = parameters,
            Context = new JsonRpcMessageContext { ProtocolVersion = protocolVersion },
        };
    }

    private static async Task<List<JsonRpcMessage>> ReadUntilResponseAsync(HeldSendTransport transport, RequestId id)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        var messages = new List<JsonRpcMessage>();
        while (true)
        {
            var message = await transport.Received.ReadAsync(timeout.Token);
            messages.Add(message);
            if (message is JsonRpcMessageWithId withId && withId.Id == id)
            {
                return messages;
            }
        }
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
