using System.Net;
using System.Net.Http.Headers;
using McpBridge.Mcp.Tests.TestHost;

namespace McpBridge.Mcp.Tests.Http;

/// <summary>Bad input gets a clear status and a JSON-RPC error body, on the Streamable HTTP and the legacy SSE endpoints.</summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private const int BodyLimit = 4096;
    private McpTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await McpTestServer.StartAsync(EchoTarget.Create(), o => o.ConfigureHttp = http => http.MaxRequestBodyBytes = BodyLimit);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_Returns400ParseError_ForMalformedJson()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(_server.Url, """{"jsonrpc":"2.0","id":1,"method":"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(-32700, response.ErrorCode);
        Assert.Equal("application/json", response.ContentType);
    }

    [Theory]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Post_Returns400InvalidRequest_ForJsonThatIsNotJsonRpc(string body)
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(_server.Url, body));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal(-32600, response.ErrorCode);
    }

    [Fact]
    public async Task Post_Returns400InvalidRequest_ForBatch()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(_server.Url, """[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}]"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(-32600, response.ErrorCode);
        Assert.Contains("batch", response.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Post_Returns415_ForWrongContentType(string contentType)
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(_server.Url, RawMcp.Initialize(), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.NotNull(response.ErrorCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_Returns413_ForOversizedBody(bool withContentLength)
    {
        var body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\""
            + new string('x', BodyLimit * 2) + "\"}}}";
        var request = RawMcp.Post(_server.Url, body);
        if (!withContentLength)
        {
            request.Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            request.Headers.TransferEncodingChunked = true;
        }

        var response = await RawMcp.SendAsync(_server.Http, request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.NotNull(response.ErrorCode);
    }

    [Fact]
    public async Task Post_Returns406_WhenClientDoesNotAcceptEventStream()
    {
        var request = RawMcp.Post(_server.Url, RawMcp.Initialize());
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await RawMcp.SendAsync(_server.Http, request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
        Assert.NotNull(response.ErrorCode);
    }

    [Fact]
    public async Task Post_Returns400_ForRequestOtherThanInitializeWithoutSession()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(_server.Url, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
    }

    [Fact]
    public async Task Post_Returns400_ForUnsupportedProtocolVersionHeader()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(_server.Url, RawMcp.Initialize(),
            headers: new Dictionary<string, string> { ["MCP-Protocol-Version"] = "1999-01-01" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
        Assert.Contains("1999-01-01", response.ErrorMessage);
    }

    [Theory]
    [InlineData("evil.example.com", null)]
    [InlineData("evil.example.com:8080", null)]
    [InlineData(null, "http://evil.example.com")]
    [InlineData(null, "null")]
    public async Task Request_Returns403_ForForeignHostOrOrigin(string? host, string? origin)
    {
        var request = RawMcp.Post(_server.Url, RawMcp.Initialize());
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        var response = await RawMcp.SendAsync(_server.Http, request);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.NotNull(response.ErrorCode);
        Assert.Null(response.Header("Mcp-Session-Id"));
    }

    [Theory]
    [InlineData("localhost", "http://localhost")]
    [InlineData("127.0.0.1", "http://127.0.0.1:3000")]
    [InlineData("[::1]", null)]
    public async Task Request_IsServed_ForLoopbackHostAndOrigin(string host, string? origin)
    {
        var request = RawMcp.Post(_server.Url, RawMcp.Initialize());
        request.Headers.Host = $"{host}:{_server.BaseAddress.Port}";
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        var response = await RawMcp.SendAsync(_server.Http, request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task SseMessage_Returns404WithJsonRpcError_ForUnknownSession()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(new Uri(_server.BaseAddress, "message?sessionId=nope").ToString(), """{"jsonrpc":"2.0","id":1,"method":"ping"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(-32001, response.ErrorCode);
    }

    [Fact]
    public async Task SseMessage_Returns400ParseError_ForMalformedJson()
    {
        using var sse = await OpenSseAsync();

        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Post(sse.MessageUrl, "{not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(-32700, response.ErrorCode);
    }

    private async Task<SseConnection> OpenSseAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _server.SseUrl);
        request.Headers.Add("Accept", "text/event-stream");
        var response = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return new SseConnection(response, reader, new Uri(_server.BaseAddress, line[5..].Trim()).ToString());
            }
        }

        throw new Xunit.Sdk.XunitException("The SSE stream sent no endpoint event.");
    }

    private sealed record SseConnection(HttpResponseMessage Response, StreamReader Reader, string MessageUrl) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
        }
    }
}
