using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Echo;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Remote;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Http;
using McpBridge.Mcp.Sources;
using Microsoft.AspNetCore.Builder;

namespace McpBridge.Connectors.Tests.Remote;

/// <summary>The remote connector against a real MCP server on Kestrel (the bridge's own HTTP transports serving an echo tool).</summary>
public sealed class RemoteConnectorTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ConcurrentQueue<string> _authorizationHeaders = new();
    private TestWebServer _upstream = null!;
    private IMcpSource _echo = null!;

    public async Task InitializeAsync()
    {
        _echo = await new EchoConnector().CreateSourceAsync(ConnectorContexts.For(_data.Path), TestTimeouts.Token());
        var composite = new CompositeServer("upstream", new CompositeSnapshot(1, [new CompositeSource("echo", "echo", _echo)], "upstream-echo"));
        _upstream = await TestWebServer.StartAsync(
            app =>
            {
                app.Use((context, next) =>
                {
                    _authorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
                    context.Features.Set(new McpTargetFeature(composite, "test-principal"));
                    return next(context);
                });
                app.MapMcpTransports();
            },
            services => services.AddMcpHttpTransports());
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _echo.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private Task<IMcpSource> CreateAsync(JsonObject config, EgressOptions? egress = null, RecordingEventSink? events = null)
    {
        var connector = new RemoteConnector(new EgressGuard(egress ?? new EgressOptions { AllowedHosts = [_upstream.HostAndPort] }));
        return connector.CreateSourceAsync(ConnectorContexts.For(_data.Path, config, "upstream", events), TestTimeouts.Token()).AsTask();
    }

    [Theory]
    [InlineData("auto", "/mcp")]
    [InlineData("streamable-http", "/mcp")]
    [InlineData("sse", "/sse")]
    public async Task CallTool_ReachesRemoteServer_OverEachTransport(string transport, string path)
    {
        var source = await CreateAsync(new JsonObject { ["url"] = _upstream.Url(path).ToString(), ["transport"] = transport });
        await using var harness = await McpTestHarness.StartAsync(source);

        var tools = await harness.ListToolNamesAsync();
        var text = await harness.CallTextAsync("echo", new { message = $"via {transport}" });

        Assert.Equal(["echo"], tools);
        Assert.Equal($"Echo: via {transport}", text);
    }

    [Fact]
    public async Task Headers_AreSentWithEveryRequest()
    {
        var source = await CreateAsync(new JsonObject
        {
            ["url"] = _upstream.Url("/mcp").ToString(),
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer upstream-token-123" },
        });
        await using var harness = await McpTestHarness.StartAsync(source);

        await harness.CallTextAsync("echo", new { message = "x" });

        Assert.NotEmpty(_authorizationHeaders);
        Assert.All(_authorizationHeaders, h => Assert.Equal("Bearer upstream-token-123", h));
    }

    [Fact]
    public async Task Connect_IsRefused_ForLoopbackUrl_WithDefaultEgress()
    {
        var events = new RecordingEventSink();
        await using var source = await CreateAsync(new JsonObject { ["url"] = _upstream.Url("/mcp").ToString() }, new EgressOptions(), events);

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetCatalogAsync(TestTimeouts.Token()).AsTask());

        Assert.Contains("refusing to connect to 127.0.0.1: private or loopback address", error.Message, StringComparison.Ordinal);
        Assert.Equal(SourceStatus.Failed, source.State.Status);
        Assert.Empty(_authorizationHeaders);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Content-Length")]
    [InlineData("Mcp-Session-Id")]
    [InlineData("Bad Header")]
    public async Task CreateSource_RejectsReservedOrInvalidHeaders(string header)
    {
        var config = new JsonObject { ["url"] = "https://example.com/mcp", ["headers"] = new JsonObject { [header] = "x" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(config));

        Assert.Contains($"headers.{header}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_ValidatesUrlTransportAndHeaders()
    {
        var schema = new RemoteConnector(new EgressGuard(new EgressOptions())).ConfigSchema;

        var good = ConfigValidation.Validate(schema, JsonNode.Parse("""{"url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer t"}}"""));
        var bad = ConfigValidation.Validate(schema, JsonNode.Parse("""{"url":"ws://mcp.example.com","transport":"websocket","headers":{"X-Count":3}}"""));
        var masked = ConfigValidation.Mask(good.Normalized, schema);

        Assert.True(good.IsValid);
        Assert.Equal("auto", good.Normalized["transport"]!.GetValue<string>());
        Assert.Equal(["must be an absolute http:// or https:// URL"], bad.Errors["url"]);
        Assert.Equal(["must be one of: auto, streamable-http, sse"], bad.Errors["transport"]);
        Assert.Equal(["must be a string"], bad.Errors["headers.X-Count"]);
        Assert.Equal(ConfigValidation.MaskedValue, masked["headers"]!.GetValue<string>());
        Assert.Equal(["headers"], ConfigValidation.SecretFields(schema));
    }

    [Fact]
    public async Task RemoteSource_DoesNotFollowRedirects_SoItsSecretHeadersStayWithTheConfiguredHost()
    {
        var leaked = new ConcurrentQueue<string>();
        await using var elsewhere = await TestWebServer.StartAsync(app => app.Run(context =>
        {
            leaked.Enqueue(context.Request.Headers["X-Api-Key"].ToString());
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }));
        await using var redirecting = await TestWebServer.StartAsync(app => app.Run(context =>
        {
            // 307 keeps the method and body: an MCP POST would be sent again, headers and all, to the other host.
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = elsewhere.Url("/mcp").ToString();
            return Task.CompletedTask;
        }));
        var source = await new RemoteConnector(new EgressGuard(new EgressOptions { AllowedHosts = [redirecting.HostAndPort, elsewhere.HostAndPort] }))
            .CreateSourceAsync(ConnectorContexts.For(_data.Path, new JsonObject
            {
                ["url"] = redirecting.Url("/mcp").ToString(),
                ["headers"] = new JsonObject { ["X-Api-Key"] = "secret-remote-key" },
            }, "redirected"), TestTimeouts.Token());
        await using (source)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => source.GetCatalogAsync(TestTimeouts.Token()).AsTask());
        }

        Assert.Empty(leaked);
    }
}
