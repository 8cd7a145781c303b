using System.Net;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using McpBridge.TestSupport.Time;

namespace McpBridge.Mcp.Tests.Http;

/// <summary>2025-era Streamable HTTP sessions: initialize, session ids, GET streams, DELETE, expiry and ownership.</summary>
public sealed class SessionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Initialize_ReturnsSessionId_AndTheSessionServesRequests()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create());

        var initialize = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, RawMcp.Initialize()));
        var sessionId = initialize.Header("Mcp-Session-Id");
        var list = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId!, ["MCP-Protocol-Version"] = "2025-11-25" }));

        Assert.Equal(HttpStatusCode.OK, initialize.Status);
        Assert.False(string.IsNullOrEmpty(sessionId));
        Assert.Equal("2025-11-25", initialize.Result?.GetProperty("protocolVersion").GetString());
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal("echo", list.Result?.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Request_Returns404WithJsonRpcError_ForUnknownSession(string method)
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create());
        using var request = method == "POST"
            ? RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""")
            : new HttpRequestMessage(new HttpMethod(method), server.Url);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("Mcp-Session-Id", "no-such-session");

        var response = await RawMcp.SendAsync(server.Http, request);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(-32001, response.ErrorCode);
        Assert.Contains("Session not found", response.ErrorMessage);
    }

    [Fact]
    public async Task Delete_EndsTheSession()
    {
        var target = new ObservedTarget(EchoTarget.Create());
        await using var server = await McpTestServer.StartAsync(target);
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        var headers = new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" };

        using var delete = new HttpRequestMessage(HttpMethod.Delete, server.Url);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        var deleted = await RawMcp.SendAsync(server.Http, delete);
        await target.WaitForSessionEndAsync(sessionId, s_wait);
        var after = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", headers: headers));

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.Equal(-32001, after.ErrorCode);
    }

    [Fact]
    public async Task GetStream_ReceivesToolListChanged_AfterSwap()
    {
        var composite = EchoTarget.Create();
        await using var server = await McpTestServer.StartAsync(composite);
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        using var get = new HttpRequestMessage(HttpMethod.Get, server.Url);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Add("MCP-Protocol-Version", "2025-11-25");

        using var response = await server.Http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        await composite.SwapAsync(new CompositeSnapshot(2, [new CompositeSource("echo2", "echo", EchoTarget.EchoSource("Echo2"))]), CancellationToken.None);
        var methods = new List<string>();
        while (!methods.Contains(NotificationMethods.ToolListChangedNotification))
        {
            var line = await stream.ReadLineAsync().WaitAsync(s_wait) ?? throw new Xunit.Sdk.XunitException("The GET stream ended.");
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                methods.Add(System.Text.Json.JsonDocument.Parse(line[5..]).RootElement.GetProperty("method").GetString()!);
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(NotificationMethods.ToolListChangedNotification, methods);
    }

    [Fact]
    public async Task GetStream_ReceivesResourceUpdated_ForSubscribedResource()
    {
        var source = McpBridge.ConformanceTools.ConformanceToolset.CreateSource();
        var composite = new CompositeServer("subscribe", new CompositeSnapshot(1, [new CompositeSource("conformance", "conformance-tools", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        var headers = new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" };

        using var response = await server.Http.SendAsync(GetStream(server.Url, sessionId), HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        var subscribed = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url,
            """{"jsonrpc":"2.0","id":5,"method":"resources/subscribe","params":{"uri":"test://watched-resource"}}""", headers: headers));
        source.NotifyResourceUpdated("test://other-resource");
        source.NotifyResourceUpdated("test://watched-resource");
        string? updatedUri = null;
        while (updatedUri is null)
        {
            var line = await stream.ReadLineAsync().WaitAsync(s_wait) ?? throw new Xunit.Sdk.XunitException("The GET stream ended.");
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var message = System.Text.Json.JsonDocument.Parse(line[5..]).RootElement;
                Assert.Equal(NotificationMethods.ResourceUpdatedNotification, message.GetProperty("method").GetString());
                updatedUri = message.GetProperty("params").GetProperty("uri").GetString();
            }
        }

        Assert.Equal(HttpStatusCode.OK, subscribed.Status);
        Assert.Equal("test://watched-resource", updatedUri);
    }

    [Fact]
    public async Task SecondGetStream_Returns409WithJsonRpcError()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create());
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);

        using var first = await server.Http.SendAsync(GetStream(server.Url, sessionId), HttpCompletionOption.ResponseHeadersRead);
        var whileOpen = await RawMcp.SendAsync(server.Http, GetStream(server.Url, sessionId));
        first.Dispose();
        var afterClose = await RawMcp.SendAsync(server.Http, GetStream(server.Url, sessionId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, whileOpen.Status);
        Assert.NotNull(whileOpen.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, afterClose.Status);
        Assert.NotNull(afterClose.ErrorCode);
    }

    [Fact]
    public async Task McpClient_SeesNewTools_AfterSwap()
    {
        var composite = EchoTarget.Create();
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(server.Url), TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions { ProtocolVersion = "2025-11-25" });

        var before = await client.ListToolsAsync();
        await composite.SwapAsync(new CompositeSnapshot(2,
            [new CompositeSource("echo", "echo", EchoTarget.EchoSource()), new CompositeSource("other", "echo", EchoTarget.EchoSource("Other"))]), CancellationToken.None);
        var after = await client.ListToolsAsync();
        var call = await client.CallToolAsync("other_echo", new Dictionary<string, object?> { ["message"] = "x" });

        Assert.Equal(["echo"], before.Select(t => t.Name));
        Assert.Equal(["echo_echo", "other_echo"], after.Select(t => t.Name).Order());
        Assert.Equal("Other: x", Assert.IsType<TextContentBlock>(Assert.Single(call.Content)).Text);
    }

    [Fact]
    public async Task IdleSession_Expires_AfterIdleTimeout()
    {
        var clock = new FakeTimeProvider();
        var target = new ObservedTarget(EchoTarget.Create());
        await using var server = await McpTestServer.StartAsync(target, o =>
        {
            o.TimeProvider = clock;
            o.ConfigureHttp = http => http.SessionIdleTimeout = TimeSpan.FromMinutes(5);
        });
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        var headers = new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" };

        clock.Advance(TimeSpan.FromMinutes(4));
        var stillThere = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", headers: headers));
        clock.Advance(TimeSpan.FromMinutes(6));
        await target.WaitForSessionEndAsync(sessionId, s_wait);
        var gone = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", headers: headers));

        Assert.Equal(HttpStatusCode.OK, stillThere.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(-32001, gone.ErrorCode);
    }

    [Fact]
    public async Task NewSession_ClosesTheLongestIdleSession_AtTheSessionLimit()
    {
        var clock = new FakeTimeProvider();
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create(), o =>
        {
            o.TimeProvider = clock;
            o.ConfigureHttp = http => http.MaxSessions = 2;
        });

        var first = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await RawMcp.OpenSessionAsync(server.Http, server.Url);

        Assert.Equal(HttpStatusCode.NotFound, (await ListToolsAsync(server, first)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(server, second)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(server, third)).Status);
    }

    [Fact]
    public async Task Session_Returns403_ThroughAnotherTarget()
    {
        await using var server = await McpTestServer.StartAsync(new McpTestServerOptions
        {
            Targets = { [string.Empty] = EchoTarget.Create("a"), ["b"] = EchoTarget.Create("b") },
        });
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);

        var response = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.UrlFor("b"), """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.NotNull(response.ErrorCode);
    }

    [Fact]
    public async Task Session_Returns403_ForAnotherPrincipal()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create());
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url, new Dictionary<string, string> { [McpTestServer.PrincipalHeader] = "alice" });

        var asBob = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25", [McpTestServer.PrincipalHeader] = "bob" }));
        var asAlice = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25", [McpTestServer.PrincipalHeader] = "alice" }));

        Assert.Equal(HttpStatusCode.Forbidden, asBob.Status);
        Assert.NotNull(asBob.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, asAlice.Status);
    }

    private static HttpRequestMessage GetStream(string url, string sessionId)
    {
        var get = new HttpRequestMessage(HttpMethod.Get, url);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return get;
    }

    private static Task<RawResponse> ListToolsAsync(McpTestServer server, string sessionId) =>
        RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":9,"method":"tools/list"}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" }));
}
