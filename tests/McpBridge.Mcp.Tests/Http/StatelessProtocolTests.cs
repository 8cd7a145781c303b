using System.Net;
using System.Text.Json.Nodes;
using McpBridge.Mcp.Tests.TestHost;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Tests.Http;

/// <summary>MCP 2026-07-28 over Streamable HTTP: stateless requests with standard headers and per-request metadata.</summary>
public sealed class StatelessProtocolTests : IAsyncLifetime
{
    private McpTestServer _server = null!;

    public async Task InitializeAsync() => _server = await McpTestServer.StartAsync(EchoTarget.Create(withConformance: true));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task McpClient_ListsAndCallsTools_WithProtocolVersion20260728()
    {
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(_server.Url), TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions { ProtocolVersion = RawMcp.July2026 });

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "stateless" });
        var text = await client.ReadResourceAsync("test://static-text");

        Assert.Equal(RawMcp.July2026, client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == "test_simple_text");
        Assert.Equal("Echo: stateless", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal("This is the content of the static text resource.", Assert.IsType<TextResourceContents>(Assert.Single(text.Contents)).Text);
    }

    [Fact]
    public async Task McpClient_AnswersSamplingAndElicitation_ThroughInputRequiredResults()
    {
        var sampled = new List<string>();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(_server.Url), TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions
            {
                ProtocolVersion = RawMcp.July2026,
                Handlers = new McpClientHandlers
                {
                    SamplingHandler = (request, _, _) =>
                    {
                        sampled.Add(((TextContentBlock)request!.Messages[0].Content[0]).Text);
                        return ValueTask.FromResult(new CreateMessageResult { Model = "test", Content = [new TextContentBlock { Text = "sampled answer" }] });
                    },
                    ElicitationHandler = (request, _) => ValueTask.FromResult(new ElicitResult
                    {
                        Action = "accept",
                        Content = new Dictionary<string, System.Text.Json.JsonElement>
                        {
                            ["username"] = System.Text.Json.JsonSerializer.SerializeToElement("ada"),
                            ["email"] = System.Text.Json.JsonSerializer.SerializeToElement("ada@example.com"),
                        },
                    }),
                },
            });

        var sampling = await client.CallToolAsync("test_sampling", new Dictionary<string, object?> { ["prompt"] = "hello model" });
        var elicitation = await client.CallToolAsync("test_elicitation", new Dictionary<string, object?> { ["message"] = "who are you?" });

        Assert.Equal(["hello model"], sampled);
        Assert.Equal("LLM response: sampled answer", TestClients.Text(sampling));
        Assert.Contains("ada@example.com", TestClients.Text(elicitation));
        Assert.False(sampling.IsError ?? false);
    }

    [Fact]
    public async Task ServerDiscover_AnswersWithSupportedVersions()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Stateless(_server.Url, "server/discover"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var result = response.Result ?? throw new Xunit.Sdk.XunitException($"no result: {response}");
        var versions = result.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.Contains(RawMcp.July2026, versions);
        Assert.True(result.GetProperty("capabilities").TryGetProperty("tools", out _), response.Body);
    }

    [Fact]
    public async Task ToolsCall_Answers_WithMatchingHeaders()
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Stateless(_server.Url, "tools/call",
            new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "raw" } }, name: "echo"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Null(response.Header("Mcp-Session-Id"));
        Assert.Equal("Echo: raw", response.Result?.GetProperty("content")[0].GetProperty("text").GetString());
    }

    public static TheoryData<string, string?, string?> HeaderProblems() => new()
    {
        // method header, name header, what is wrong
        { "", "echo", "missing Mcp-Method" },
        { "tools/list", "echo", "Mcp-Method differs from the body" },
        { "tools/call", "", "missing Mcp-Name" },
        { "tools/call", "other", "Mcp-Name differs from the body" },
    };

    [Theory]
    [MemberData(nameof(HeaderProblems))]
    public async Task Post_Returns400WithJsonRpcError_WhenStandardHeadersAreWrong(string methodHeader, string? nameHeader, string? problem)
    {
        var request = RawMcp.Stateless(_server.Url, "tools/call",
            new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "x" } },
            editRequest: r =>
            {
                r.Headers.Remove("Mcp-Method");
                if (methodHeader.Length > 0)
                {
                    r.Headers.Add("Mcp-Method", methodHeader);
                }

                if (!string.IsNullOrEmpty(nameHeader))
                {
                    r.Headers.Add("Mcp-Name", nameHeader);
                }
            });

        var response = await RawMcp.SendAsync(_server.Http, request);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{problem}: {response}");
        Assert.NotNull(response.ErrorCode);
        Assert.Null(response.Result);
    }

    [Theory]
    [InlineData("io.modelcontextprotocol/protocolVersion")]
    [InlineData("io.modelcontextprotocol/clientCapabilities")]
    public async Task Post_Returns400WithJsonRpcError_WhenMetaIsMissing(string key)
    {
        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Stateless(_server.Url, "tools/list", editMeta: meta => meta.Remove(key)));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
        Assert.Contains(key, response.ErrorMessage);
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("logging/setLevel")]
    public async Task Post_Returns404MethodNotFound_ForMethodsRemovedIn20260728(string method)
    {
        var parameters = method == "logging/setLevel" ? new JsonObject { ["level"] = "debug" } : null;

        var response = await RawMcp.SendAsync(_server.Http, RawMcp.Stateless(_server.Url, method, parameters));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(-32601, response.ErrorCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Endpoint_Returns405WithJsonRpcError_ForGetAndDelete(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), _server.Url);
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", RawMcp.July2026);

        var response = await RawMcp.SendAsync(_server.Http, request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("POST", response.Header("Allow"));
        Assert.NotNull(response.ErrorCode);
    }
}
