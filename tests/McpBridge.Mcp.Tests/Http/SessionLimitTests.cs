using System.Net;
using McpBridge.Mcp.Http;
using McpBridge.Mcp.Tests.TestHost;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using McpBridge.TestSupport.Time;

namespace McpBridge.Mcp.Tests.Http;

/// <summary>What counts towards <see cref="McpHttpOptions.MaxSessions"/>, and the reaper that closes idle sessions.</summary>
public sealed class SessionLimitTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RefusedInitialize_LeavesNoSessionOpen()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create(), o => o.Gate = new RefuseInitialize());

        var refused = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, RawMcp.Initialize()));

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.Null(refused.Header("Mcp-Session-Id"));
        Assert.Equal(0, server.Services.GetRequiredService<McpSessionStore>().Count);
    }

    [Fact]
    public async Task LegacySseSession_CountsTowardsMaxSessions()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create(), o => o.ConfigureHttp = http => http.MaxSessions = 1);
        var idle = await RawMcp.OpenSessionAsync(server.Http, server.Url);

        using var sse = new HttpRequestMessage(HttpMethod.Get, server.SseUrl);
        sse.Headers.Add("Accept", "text/event-stream");
        using var stream = await server.Http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        while (!(await reader.ReadLineAsync().WaitAsync(s_wait) ?? throw new Xunit.Sdk.XunitException("The SSE stream ended.")).StartsWith("event: endpoint", StringComparison.Ordinal))
        {
        }

        var evicted = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = idle, ["MCP-Protocol-Version"] = "2025-11-25" }));

        Assert.Equal(HttpStatusCode.NotFound, evicted.Status);
        Assert.Equal(1, server.Services.GetRequiredService<McpSessionStore>().Count);
    }

    [Fact]
    public async Task Reaper_KeepsClosingIdleSessions_WhenOneFailsToClose()
    {
        var clock = new FakeTimeProvider();
        var target = new ThrowingTarget(EchoTarget.Create());
        await using var server = await McpTestServer.StartAsync(target, o =>
        {
            o.TimeProvider = clock;
            o.ConfigureHttp = http => http.SessionIdleTimeout = TimeSpan.FromMinutes(5);
        });
        var first = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        var second = await RawMcp.OpenSessionAsync(server.Http, server.Url);

        clock.Advance(TimeSpan.FromMinutes(6));
        await target.WaitForEndsAsync(2, s_wait);
        var third = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        clock.Advance(TimeSpan.FromMinutes(6));
        await target.WaitForEndsAsync(3, s_wait);

        Assert.Equal(new[] { first, second, third }.Order(), target.Ended.Order());
    }

    /// <summary>Refuses every initialize, as a plan with no sessions left would.</summary>
    private sealed class RefuseInitialize : IMcpRequestGate
    {
        public ValueTask<McpGateDecision> CheckAsync(HttpContext context, IMcpTarget target, JsonRpcRequest request, CancellationToken cancellationToken) =>
            new(request.Method == RequestMethods.Initialize ? new McpGateDecision(false, 429, -32029, "Too many sessions.") : McpGateDecision.Allow);
    }

    /// <summary>A target whose sessions fail as they end (after passing the end on).</summary>
    private sealed class ThrowingTarget(IMcpTarget inner) : IMcpTarget
    {
        private readonly List<string> _ended = [];
        private readonly SemaphoreSlim _endings = new(0);

        public string Id => inner.Id;

        public IReadOnlyList<string> Ended
        {
            get
            {
                lock (_ended)
                {
                    return [.. _ended];
                }
            }
        }

        public McpServerOptions CreateServerOptions(bool stateless) => inner.CreateServerOptions(stateless);

        public void OnSessionStarted(string sessionId, McpServer server) => inner.OnSessionStarted(sessionId, server);

        public void OnSessionEnded(string sessionId)
        {
            inner.OnSessionEnded(sessionId);
            lock (_ended)
            {
                _ended.Add(sessionId);
            }

            _endings.Release();
            throw new InvalidOperationException("the host failed to record the session's end");
        }

        public async Task WaitForEndsAsync(int count, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            while (Ended.Count < count)
            {
                await _endings.WaitAsync(cancel.Token);
            }
        }
    }
}
