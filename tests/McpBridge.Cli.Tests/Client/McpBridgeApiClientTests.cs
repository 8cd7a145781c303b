using System.Net;
using System.Text.Json;
using McpBridge.Cli.Tests.Support;
using McpBridge.Client;
using McpBridge.Protocol.Api;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Cli.Tests.Client;

public sealed class McpBridgeApiClientTests : IAsyncLifetime
{
    private FakeApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeApiServer.StartAsync();

    [Fact]
    public async Task GetAccountAsync_SendsTheKeyAsBearer_AndReadsTheDto()
    {
        _api.Json("GET", "/api/v1/account", ApiSamples.Account("acc_42"));
        using var client = new McpBridgeApiClient(_api.BaseUrl, "mcpb_ak_key");

        var account = await client.GetAccountAsync();

        Assert.Equal("acc_42", account.Id);
        Assert.Equal(ApiSamples.FreePlan, account.Plan);
        Assert.Equal("Bearer mcpb_ak_key", _api.Single("GET", "/api/v1/account").Authorization);
    }

    [Fact]
    public async Task SignupAsync_SendsNoKey_EvenWhenTheClientHasOne()
    {
        _api.Json("POST", "/api/v1/signup", new SignupResponse("acc_1", "mcpb_ak_1", "free"), status: 201);
        using var client = new McpBridgeApiClient(_api.BaseUrl, "mcpb_ak_existing");

        var response = await client.SignupAsync(new SignupRequest("Sam"));

        Assert.Equal("mcpb_ak_1", response.ApiKey);
        var request = _api.Single("POST", "/api/v1/signup");
        Assert.Null(request.Authorization);
        Assert.Equal("""{"name":"Sam"}""", request.Body);
    }

    [Fact]
    public async Task Routes_EscapeSegments_AndBuildQueries()
    {
        _api.Json("GET", "/api/v1/servers/a%20b%2Fc/logs", Array.Empty<LogEntry>());
        _api.Empty("DELETE", "/api/v1/servers/notes/tools/read%20file");
        _api.Json("GET", "/api/v1/account/audit", Array.Empty<AuditEntryInfo>());
        using var client = new McpBridgeApiClient(_api.BaseUrl, "k");

        await client.GetLogsAsync("a b/c", limit: 5, level: "error", tool: "x&y", before: 99);
        await client.RemoveToolAsync("notes", "read file");
        await client.ListAuditAsync();

        Assert.Equal(
            ["/api/v1/servers/a%20b%2Fc/logs?limit=5&level=error&tool=x%26y&before=99", "/api/v1/servers/notes/tools/read%20file", "/api/v1/account/audit"],
            _api.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Client_KeepsThePathPrefixOfTheBaseUrl()
    {
        _api.Json("GET", "/bridge/api/v1/plans", new[] { ApiSamples.FreePlan });
        using var http = new HttpClient { BaseAddress = new Uri(_api.BaseUrl, "bridge") };
        using var client = new McpBridgeApiClient(http);

        var plans = await client.ListPlansAsync();

        Assert.Equal(ApiSamples.FreePlan, Assert.Single(plans));
        Assert.Equal(new Uri(_api.BaseUrl, "bridge/"), client.BaseAddress);
    }

    [Fact]
    public async Task ProblemDetails_BecomeAnExceptionWithEveryPart()
    {
        _api.Problem("POST", "/api/v1/servers/notes/tools", 403, new
        {
            type = "https://mcp-bridge.dev/problems/plan-limit",
            title = "Plan limit reached",
            status = 403,
            detail = "The free plan allows 5 tools per server.",
            instance = "/api/v1/servers/notes/tools",
            code = ErrorCodes.PlanLimit,
            limit = 5,
            plan = "free",
            upgrade = "Pro allows 50 tools per server.",
            errors = new Dictionary<string, string[]> { ["connector"] = ["Too many tools."] },
        });
        using var client = new McpBridgeApiClient(_api.BaseUrl, "k");

        var error = await Assert.ThrowsAsync<McpBridgeApiException>(() => client.AddToolAsync("notes", new AddToolRequest("fetch")));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal(ErrorCodes.PlanLimit, error.Code);
        Assert.Equal("Plan limit reached", error.Title);
        Assert.Equal("The free plan allows 5 tools per server.", error.Detail);
        Assert.Equal("https://mcp-bridge.dev/problems/plan-limit", error.Type);
        Assert.Equal("5", error.Limit);
        Assert.Equal("free", error.Plan);
        Assert.Equal("Pro allows 50 tools per server.", error.Upgrade);
        Assert.Equal(["Too many tools."], error.Errors["connector"]);
        Assert.False(error.Extensions.ContainsKey("instance"));
        Assert.Equal(
            "Plan limit reached: The free plan allows 5 tools per server. (connector: Too many tools.) [HTTP 403, plan_limit]",
            error.Message);
    }

    [Fact]
    public async Task ErrorWithoutProblemDetails_KeepsStatusAndBody()
    {
        _api.Route("GET", "/api/v1/catalog", async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("upstream down");
        });
        using var client = new McpBridgeApiClient(_api.BaseUrl, "k");

        var error = await Assert.ThrowsAsync<McpBridgeApiException>(() => client.ListCatalogAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Null(error.Code);
        Assert.Equal("upstream down", error.Detail);
    }

    [Fact]
    public async Task RateLimited_CarriesRetryAfter()
    {
        _api.Problem("GET", "/api/v1/servers", 429, new { title = "Too many requests", status = 429, code = ErrorCodes.RateLimited }, retryAfter: "30");
        using var client = new McpBridgeApiClient(_api.BaseUrl, "k");

        var error = await Assert.ThrowsAsync<McpBridgeApiException>(() => client.ListServersAsync());

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task SuccessWithTheWrongShape_SaysTheResponseIsUnexpected()
    {
        _api.Json("GET", "/api/v1/servers", new { not = "a list" });
        using var client = new McpBridgeApiClient(_api.BaseUrl, "k");

        var error = await Assert.ThrowsAsync<McpBridgeApiException>(() => client.ListServersAsync());

        Assert.Equal("Unexpected response", error.Title);
        Assert.Contains("GET /api/v1/servers answered 200", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionRefused_IsAClearConnectionException()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new McpBridgeApiClient(new Uri($"http://127.0.0.1:{port}"), "k");

        var error = await Assert.ThrowsAsync<McpBridgeConnectionException>(() => client.ListServersAsync());

        Assert.Equal($"cannot reach the MCP Bridge server at http://127.0.0.1:{port}: connection refused", error.Message);
        Assert.Equal("connection refused", error.Reason);
    }

    [Fact]
    public async Task DeployAsync_SendsTheVersion_AndReadsTheResponse()
    {
        _api.Json("POST", "/api/v1/servers/notes/deploy", new DeployResponse(4, ApiSamples.Created, ApiSamples.Endpoints("notes"), [new SourceStatus("web", "fetch", "ready", 2, null)], ["fetch", "fetch_raw"], 2));
        using var client = new McpBridgeApiClient(_api.BaseUrl, "k");

        var response = await client.DeployAsync("notes", new DeployRequest(2));

        Assert.Equal(4, response.Version);
        Assert.Equal(["fetch", "fetch_raw"], response.Tools);
        Assert.Equal(2, JsonDocument.Parse(_api.Single("POST", "/api/v1/servers/notes/deploy").Body).RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public void Constructor_RejectsAnHttpClientWithoutBaseAddress()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new McpBridgeApiClient(http));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();
}
