using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpBridge.Client.Tunnels;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Tunnels.Relay;

public sealed class TunnelRelayTests(RelayFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RelayFixture>, IAsyncLifetime
{
    private LocalTarget _target = null!;
    private CloudConnector _connector = null!;
    private Uri _url = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _target = await LocalTarget.StartAsync();
        _connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, LocalPort = _target.Port, Temporary = true });
        _url = (await _connector.ConnectAsync()).Url;
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _target.DisposeAsync();
        _http.Dispose();
    }

    private Uri At(string pathAndQuery) => new($"{_url.ToString().TrimEnd('/')}{pathAndQuery}");

    [Fact]
    public async Task Get_ReachesTheLocalTarget_ThroughTheTemporaryUrl()
    {
        Assert.Matches("^http://localhost:\\d+/t/temp-[a-z0-9]{8}$", _url.ToString().TrimEnd('/'));
        var path = new Uri(fixture.Bridge.BaseUri, _url.AbsolutePath + "/hello");

        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello from the local target", await response.Content.ReadAsStringAsync());
        Assert.True(_connector.IsConnected);
    }

    [Fact]
    public async Task Request_KeepsMethodPathQueryAndHeaders_DropsHopByHop_AddsForwarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Local("/echo/a%20b/c?x=1&y=%C3%A9"))
        {
            Content = new StringContent("{\"n\":1}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Custom", "kept");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Host", "spoofed.example");
        request.Headers.Connection.Add("X-Custom-Hop");
        request.Headers.Add("Keep-Alive", "timeout=5");

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"n\":1}", await response.Content.ReadAsStringAsync());
        var seen = JsonDocument.Parse(Convert.FromBase64String(response.Headers.GetValues("X-Seen").Single())).RootElement;
        Assert.Equal("PUT", seen.GetProperty("method").GetString());
        Assert.Equal("/echo/a b/c", seen.GetProperty("path").GetString());
        Assert.Equal("?x=1&y=%C3%A9", seen.GetProperty("query").GetString());
        var headers = seen.GetProperty("headers");
        Assert.Equal("kept", headers.GetProperty("x-custom").GetString());
        Assert.Equal("203.0.113.9, 127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal(fixture.Bridge.BaseUri.Authority, headers.GetProperty("x-forwarded-host").GetString());
        Assert.Equal("http", headers.GetProperty("x-forwarded-proto").GetString());
        Assert.Equal(_url.AbsolutePath.TrimEnd('/'), headers.GetProperty("x-forwarded-prefix").GetString());
        Assert.Equal($"127.0.0.1:{_target.Port}", headers.GetProperty("host").GetString());
        Assert.False(headers.TryGetProperty("keep-alive", out _));
        Assert.False(headers.TryGetProperty("connection", out _));
    }

    [Fact]
    public async Task ServerSentEvents_ArriveOneByOne_BeforeTheNextIsWritten()
    {
        _target.ResetEvents();
        using var response = await _http.GetAsync(Local("/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);

        var gaps = new List<double>();
        for (var i = 1; i <= 50; i++)
        {
            // The target writes event i only now; reading it proves nothing waited for more data to fill a buffer.
            var released = System.Diagnostics.Stopwatch.GetTimestamp();
            _target.EventGate.Release();
            Assert.Equal($"id: {i}", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal($"data: event {i}", await reader.ReadLineAsync());
            Assert.Equal(string.Empty, await reader.ReadLineAsync());
            gaps.Add(System.Diagnostics.Stopwatch.GetElapsedTime(released).TotalMilliseconds);
        }

        // Reported, not asserted: from the target's write to the client's read, through relay and agent.
        gaps.Sort();
        output.WriteLine($"SSE event latency through the tunnel: median {gaps[gaps.Count / 2]:F2} ms, p90 {gaps[(int)(gaps.Count * 0.9)]:F2} ms, max {gaps[^1]:F2} ms");
    }

    [Fact]
    public async Task LargeBodies_PassUpAndDownIntact()
    {
        var upload = RandomNumberGenerator.GetBytes(24 * 1024 * 1024);
        var response = await _http.PostAsync(Local("/sha256"), new ByteArrayContent(upload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(upload.Length, received.GetProperty("length").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(upload)), received.GetProperty("sha256").GetString());

        var download = await _http.GetAsync(Local("/bytes/50000000"), HttpCompletionOption.ResponseHeadersRead);
        long total = 0;
        await using (var stream = await download.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                total += read;
            }
        }

        Assert.Equal(50_000_000, total);
    }

    [Fact]
    public async Task HundredConcurrentRequests_AllSucceed_WhileAStreamStaysOpen()
    {
        _target.ResetEvents();
        // An endless response nobody reads: it must hold up only itself.
        using var endless = await _http.GetAsync(Local("/events"), HttpCompletionOption.ResponseHeadersRead);
        await _target.EventsStarted.Task;

        var calls = Enumerable.Range(0, 100).Select(async i =>
        {
            var response = await _http.PostAsync(Local($"/echo/{i}"), new StringContent($"request {i}"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), i);
        });
        var results = await Task.WhenAll(calls);

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal($"request {r.i}", r.Body);
        });
    }

    [Fact]
    public async Task WebSocket_ThroughTheTunnel_CarriesMessagesBothWays()
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        var url = new UriBuilder(Local("/ws")) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(url, CancellationToken.None);
        var buffer = new byte[1024];

        foreach (var message in new[] { "hello", "through the tunnel" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(message.ToUpperInvariant(), Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task ClientsGoingAwayMidDownload_LeaveTheTunnelUp()
    {
        var drops = 0;
        _connector.Disconnected += (_, _) => Interlocked.Increment(ref drops);

        for (var i = 0; i < 10; i++)
        {
            // The agent is busy sending when the relay resets the stream: only that stream may end.
            using var cancel = new CancellationTokenSource();
            using var response = await _http.GetAsync(Local("/bytes/10000000000"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
            var buffer = new byte[64 * 1024];
            long read = 0;
            while (read < 2_000_000)
            {
                read += await body.ReadAsync(buffer, cancel.Token);
            }

            await cancel.CancelAsync();
        }

        Assert.Equal("hello from the local target", await _http.GetStringAsync(Local("/hello")));
        Assert.Equal(0, drops);
        Assert.True(_connector.IsConnected);
    }

    [Fact]
    public async Task ClientGoingAwayMidDownload_TheAgentReportsTheBytesItSent()
    {
        var completed = new TaskCompletionSource<TunnelRequestEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.RequestCompleted += (_, e) =>
        {
            if (e.Target.StartsWith("/bytes/", StringComparison.Ordinal))
            {
                completed.TrySetResult(e);
            }
        };

        long read = 0;
        using (var cancel = new CancellationTokenSource())
        {
            using var response = await _http.GetAsync(Local("/bytes/10000000000"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
            var buffer = new byte[64 * 1024];
            while (read < 3_000_000)
            {
                read += await body.ReadAsync(buffer, cancel.Token);
            }

            await cancel.CancelAsync();
        }

        var request = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, request.Status);
        // At least what this client read got past the agent; no more than the target's 10 GB, far less in fact.
        Assert.InRange(request.BytesOut, read, 1_000_000_000);
        Assert.Equal(0, request.BytesIn);
    }

    [Fact]
    public async Task RelaysOwnCookies_NeverReachTheAgent_WhileTheTunnelsOwnDo()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Local("/echo/x"));
        // What a browser signed in to the dashboard sends to a path-form tunnel on the same host.
        request.Headers.Add("Cookie", "mcpb_session=s3cret-session; app=1; mcpb_antiforgery=t0ken; mcpb_correlation.abc=n");

        var response = await _http.SendAsync(request);

        var headers = JsonDocument.Parse(Convert.FromBase64String(response.Headers.GetValues("X-Seen").Single())).RootElement.GetProperty("headers");
        Assert.Equal("app=1", headers.GetProperty("cookie").GetString());

        using var onlyOurs = new HttpRequestMessage(HttpMethod.Get, Local("/echo/x"));
        onlyOurs.Headers.Add("Cookie", "mcpb_session=s3cret-session");
        var onlyOursSeen = JsonDocument.Parse(Convert.FromBase64String((await _http.SendAsync(onlyOurs)).Headers.GetValues("X-Seen").Single())).RootElement;
        Assert.False(onlyOursSeen.GetProperty("headers").TryGetProperty("cookie", out _));
    }

    [Fact]
    public async Task PathFormAnswers_AreSandboxed_AndCannotSetTheRelaysCookies_OrWidenTheirDomain()
    {
        var cookies = new[] { "mcpb_session=forged; Path=/", "app=1; Path=/; HttpOnly", "wide=1; Domain=localhost; Path=/" };
        var query = string.Join('&', cookies.Select(c => "c=" + Uri.EscapeDataString(c)));

        var response = await _http.GetAsync(Local("/set-cookies?" + query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["app=1; Path=/; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("sandbox ", policy, StringComparison.Ordinal);
        Assert.Contains("allow-scripts", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-same-origin", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetDown_Answers502WithJson()
    {
        await using var target = await LocalTarget.StartAsync();
        var port = target.Port;
        await target.StopAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, LocalPort = port, Temporary = true });
        var url = (await connector.ConnectAsync()).Url;

        var response = await _http.GetAsync(new Uri(fixture.Bridge.BaseUri, url.AbsolutePath + "/anything"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tunnel_target_unavailable", problem.GetProperty("code").GetString());
        Assert.Contains("connection refused", problem.GetProperty("detail").GetString());
        Assert.Contains($"127.0.0.1:{port}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownTunnel_Answers404WithJson()
    {
        var response = await _http.GetAsync(new Uri(fixture.Bridge.BaseUri, "/t/temp-nosuch00/x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tunnel_not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConnectEndpoint_WithoutWebSocket_ExplainsItself()
    {
        var response = await _http.GetAsync(new Uri(fixture.Bridge.BaseUri, "/api/v1/tunnels/connect?temporary=true"));

        Assert.Equal((HttpStatusCode)426, response.StatusCode);
        Assert.Contains("mcp-bridge start", await response.Content.ReadAsStringAsync());
    }

    private Uri Local(string pathAndQuery) => new(fixture.Bridge.BaseUri, _url.AbsolutePath.TrimEnd('/') + pathAndQuery);
}
