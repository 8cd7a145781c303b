using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Protocol.Api;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Deployment;
using McpBridge.Server.Metering;
using McpBridge.Server.Plans;
using McpBridge.ServerTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Server.Tests.Gateway;

/// <summary>Hosted servers' MCP endpoints through the whole gateway: keys, plans, metering, deploys.</summary>
public abstract class GatewayTests(BridgeFixture fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    private string Url(ServerInfo server) => $"{Bridge.BaseUri}s/{server.Slug}/mcp";

    private static Dictionary<string, string> Bearer(string key) => new() { ["Authorization"] = $"Bearer {key}" };

    private static string Text(JsonElement? message) =>
        message!.Value.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!;

    [Fact]
    public async Task ToolCall_Works_WithBearerHeader_XApiKey_AndQueryKey()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Auth styles", ("echo", null));

        var (s1, m1) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "bearer" }, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal("Echo: bearer", Text(m1));

        var (s2, m2) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "header" }, new Dictionary<string, string> { ["X-API-Key"] = key.Key });
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal("Echo: header", Text(m2));

        var (s3, m3) = await McpCalls.CallToolAsync(Bridge.Http, $"{Url(server)}?key={key.Key}", "echo", new() { ["message"] = "query" });
        Assert.Equal(HttpStatusCode.OK, s3);
        Assert.Equal("Echo: query", Text(m3));
    }

    [Fact]
    public async Task McpEndpoint_RefusesMissingWrongRevokedForeignAndAccountKeys()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Guarded", ("echo", null));
        var other = await Bridge.SignupAsync();
        var (_, otherKey, _) = await other.DeployedServerAsync("Other", ("echo", null));
        var revoked = await account.CreateServerKeyAsync(server.Id, "old");
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}/keys/{revoked.Id}")).StatusCode);

        async Task ExpectRefusal(Dictionary<string, string>? headers, HttpStatusCode status, string phrase)
        {
            var (code, message) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, headers);
            Assert.Equal(status, code);
            var error = message!.Value.GetProperty("error");
            Assert.Contains(phrase, error.GetProperty("message").GetString());
        }

        await ExpectRefusal(null, HttpStatusCode.Unauthorized, "needs a server key");
        await ExpectRefusal(Bearer("mcpb_sk_" + new string('Z', 40)), HttpStatusCode.Unauthorized, "not valid");
        await ExpectRefusal(Bearer(revoked.Key), HttpStatusCode.Unauthorized, "revoked");
        await ExpectRefusal(Bearer(otherKey.Key), HttpStatusCode.Forbidden, "another server");
        await ExpectRefusal(Bearer(account.ApiKey), HttpStatusCode.Forbidden, "server keys");

        // Rotation: the old key stops working at once, the new one works.
        var rotated = await ApiCalls.ExpectAsync<KeyCreated>(await account.Client.PostAsync($"/api/v1/servers/{server.Id}/keys/{key.Id}/rotate", null), HttpStatusCode.OK);
        await ExpectRefusal(Bearer(key.Key), HttpStatusCode.Unauthorized, "revoked");
        var (ok, _) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(rotated.Key));
        Assert.Equal(HttpStatusCode.OK, ok);
    }

    [Fact]
    public async Task McpEndpoint_AnswersUnknownAndUndeployedServers_WithAClearError()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Not yet");
        var key = await account.CreateServerKeyAsync(server.Id);

        var (status, message) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", null, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("has not been deployed", message!.Value.GetProperty("error").GetProperty("message").GetString());

        var (missing, missingMessage) = await McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/no-such-server/mcp", "echo", null, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("no server", missingMessage!.Value.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task McpEndpoint_RefusesForeignHostAndOrigin()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Rebinding", ("echo", null));

        var (host, hostMessage) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", null,
            new Dictionary<string, string>(Bearer(key.Key)) { ["Host"] = "evil.example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, host);
        Assert.Contains("evil.example.com", hostMessage!.Value.GetProperty("error").GetProperty("message").GetString());

        var (origin, _) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", null,
            new Dictionary<string, string>(Bearer(key.Key)) { ["Origin"] = "http://evil.example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, origin);

        var (sameSite, _) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "ok" },
            new Dictionary<string, string>(Bearer(key.Key)) { ["Origin"] = $"http://localhost:{Bridge.BaseUri.Port}" });
        Assert.Equal(HttpStatusCode.OK, sameSite);
    }

    [Fact]
    public async Task McpEndpoint_AnswersBadInput_WithJsonRpcErrors()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Bad input", ("echo", null));

        async Task<(HttpStatusCode, JsonElement)> Post(string body, string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url(server)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            request.Headers.Authorization = new("Bearer", key.Key);
            using var response = await Bridge.Http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (parse, parseBody) = await Post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
        Assert.Equal(HttpStatusCode.BadRequest, parse);
        Assert.Equal(-32700, parseBody.GetProperty("error").GetProperty("code").GetInt32());

        var (invalid, invalidBody) = await Post("{\"hello\": \"world\"}");
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Equal(-32600, invalidBody.GetProperty("error").GetProperty("code").GetInt32());

        var (big, bigBody) = await Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"pad\":\"" + new string('a', 5 * 1024 * 1024) + "\"}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big);
        Assert.Contains("too large", bigBody.GetProperty("error").GetProperty("message").GetString());

        var (media, _) = await Post("{}", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, media);
    }

    [Fact]
    public async Task SessionfulClient_SeesNewTools_AfterDeploy_WithoutReconnecting()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Live swap", ("echo", null));
        // A 2025-era client keeps a session and a GET stream; 2026-07-28 clients use subscriptions/listen instead.
        await using var client = await McpCalls.ConnectAsync(Url(server), key.Key, options: new McpClientOptions { ProtocolVersion = "2025-11-25" }, standaloneGetStream: true);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            changed.TrySetResult();
            return ValueTask.CompletedTask;
        });
        Assert.Equal(["echo"], (await client.ListToolsAsync()).Select(t => t.Name));

        await account.AddToolAsync(server.Id, "fetch");
        await account.DeployAsync(server.Id);
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToArray();
        Assert.Contains("echo", tools);
        Assert.Contains("fetch", tools);
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "still here" });
        Assert.Equal("Echo: still here", Assert.IsType<TextContentBlock>(result.Content[0]).Text);

        await account.DeployAsync(server.Id, version: 1);
        Assert.Equal(["echo"], (await client.ListToolsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task StatelessClient_ListeningForChanges_IsToldOfADeploy()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Listen", ("echo", null));
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 7,
            ["method"] = "subscriptions/listen",
            ["params"] = new JsonObject
            {
                ["notifications"] = new JsonObject { ["toolsListChanged"] = true },
                ["_meta"] = new JsonObject
                {
                    ["io.modelcontextprotocol/protocolVersion"] = McpCalls.Stateless,
                    ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(server)) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new("Bearer", key.Key);
        request.Headers.Add("MCP-Protocol-Version", McpCalls.Stateless);
        request.Headers.Add("Mcp-Method", "subscriptions/listen");
        using var response = await Bridge.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        async Task<string> NextMethodAsync()
        {
            while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    return JsonDocument.Parse(line[5..]).RootElement.GetProperty("method").GetString()!;
                }
            }

            throw new InvalidOperationException("the listen stream ended");
        }

        Assert.Equal("notifications/subscriptions/acknowledged", await NextMethodAsync());
        await account.AddToolAsync(server.Id, "fetch");
        await account.DeployAsync(server.Id);
        Assert.Equal("notifications/tools/list_changed", await NextMethodAsync());
    }

    [Fact]
    public async Task DeletingAServer_ClosesItsOpenStreams()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Going away", ("echo", null));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Bridge.BaseUri}s/{server.Slug}/sse");
        request.Headers.Authorization = new("Bearer", key.Key);
        using var response = await Bridge.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: endpoint", await reader.ReadLineAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}")).StatusCode);

        // The stream ends instead of staying open forever on a server that no longer exists.
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) is not null)
        {
        }
    }

    [Fact]
    public async Task LegacySse_Works_WithTheKeyInTheUrl()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Legacy", ("echo", null));
        await using var client = await McpCalls.ConnectAsync($"{Bridge.BaseUri}s/{server.Slug}/sse?key={key.Key}", key: null, HttpTransportMode.Sse);
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "over sse" });
        Assert.Equal("Echo: over sse", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task PerMinuteLimit_Returns429_WithRetryAfter()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Busy", ("echo", null));
        for (var i = 0; i < 60; i++)
        {
            var (ok, _) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = $"{i}" }, Bearer(key.Key));
            Assert.Equal(HttpStatusCode.OK, ok);
        }

        var (_, _, response) = await McpCalls.StatelessAsync(Bridge.Http, Url(server), "tools/call",
            new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "one too many" } }, "echo", Bearer(key.Key));
        using (response)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            var seconds = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, 1, 60);
            var error = McpCalls.ParseMessage(await response.Content.ReadAsStringAsync())!.Value.GetProperty("error");
            Assert.Contains("60 calls a minute", error.GetProperty("message").GetString());
            Assert.Equal("rate_limited", error.GetProperty("data").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task MonthlyQuota_Returns429_WithResetDateAndUpgrade()
    {
        var account = await Bridge.SignupAsync();
        await UsePlanAsync(account, monthlyCalls: 3);
        var (server, key, _) = await account.DeployedServerAsync("Quota", ("echo", null));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key))).Status);
        }

        var (status, message) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        var error = message!.Value.GetProperty("error");
        var now = DateTime.UtcNow;
        var reset = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        Assert.Contains($"resets on {reset:yyyy-MM-dd}", error.GetProperty("message").GetString());
        Assert.Equal("quota_exceeded", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal(3, error.GetProperty("data").GetProperty("limit").GetInt64());
        Assert.Equal(1, message.Value.GetProperty("id").GetInt32());

        // A new session (2025 era) is refused the same way; listing stays free.
        await using var client = await McpCalls.ConnectAsync(Url(server), key.Key);
        Assert.Single(await client.ListToolsAsync());
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "x" }).AsTask());
        Assert.Contains("Monthly quota reached", refused.Message + refused.InnerException?.Message);
    }

    [Fact]
    public async Task ConcurrentCalls_AtTheQuotaEdge_NeverOvershoot()
    {
        var account = await Bridge.SignupAsync();
        await UsePlanAsync(account, monthlyCalls: 20);
        var (server, key, _) = await account.DeployedServerAsync("Edge", ("echo", null));

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = $"{i}" }, Bearer(key.Key))));
        Assert.Equal(20, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(40, results.Count(r => r.Status == HttpStatusCode.TooManyRequests));

        await Bridge.FlushMeteringAsync();
        var usage = await account.GetAsync<UsageReport>($"/api/v1/servers/{server.Id}/usage");
        Assert.Equal(20, usage.Totals.Calls);
        Assert.Equal(20, usage.Month.Calls);
    }

    [Fact]
    public async Task Metering_RecordsCallsPerToolPerDay_WithErrorsLatencyAndEvents()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Metered", ("echo", null), ("fetch", null));
        for (var i = 0; i < 3; i++)
        {
            await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key));
        }

        var (_, fetch) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "fetch", new() { ["url"] = $"{Bridge.BaseUri}healthz" }, Bearer(key.Key));
        Assert.True(fetch!.Value.GetProperty("result").GetProperty("isError").GetBoolean());
        Assert.Contains("127.0.0.1", Text(fetch));

        await Bridge.FlushMeteringAsync();
        var usage = await account.GetAsync<UsageReport>($"/api/v1/servers/{server.Id}/usage?days=7");
        Assert.Equal(4, usage.Totals.Calls);
        Assert.Equal(1, usage.Totals.Errors);
        Assert.Equal(0.25, usage.Totals.ErrorRate);
        Assert.Equal(7, usage.Daily.Count);
        Assert.Equal(4, usage.Daily[^1].Calls);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), usage.Daily[^1].Date);
        var echo = Assert.Single(usage.Tools, t => t.Tool == "echo");
        Assert.Equal(3, echo.Totals.Calls);
        Assert.Equal(0, echo.Totals.Errors);
        Assert.True(echo.Totals.P95Ms > 0);
        Assert.Equal(1, Assert.Single(usage.Tools, t => t.Tool == "fetch").Totals.Errors);
        Assert.Equal(4, usage.Month.Calls);
        Assert.Equal(5000, usage.Month.Limit);

        var logs = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs");
        Assert.Contains(logs, e => e.Kind == "deploy");
        Assert.Equal(3, logs.Count(e => e.Kind == "tool_call" && e.Tool == "echo"));
        var error = Assert.Single(logs, e => e.Level == "error" && e.Tool == "fetch");
        Assert.Contains("refusing", error.Message);
        var errorsOnly = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs?level=error");
        Assert.All(errorsOnly, e => Assert.Equal("error", e.Level));
        var echoOnly = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs?tool=echo&limit=2");
        Assert.Equal(2, echoOnly.Length);
        Assert.True(echoOnly[0].Id > echoOnly[1].Id);

        var detail = await account.GetAsync<ServerDetail>($"/api/v1/servers/{server.Id}");
        Assert.NotNull(detail.Server.LastActiveAt);
        Assert.NotNull(await WaitForLastUsedAsync(account, server.Id));
    }

    [Fact]
    public async Task CallsToMadeUpToolNames_AreMeteredUnderOneName()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Probed", ("echo", null));
        foreach (var name in new[] { "nope-1", "nope-2", "drop table" })
        {
            var (status, message) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), name, null, Bearer(key.Key));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Unknown tool", message!.Value.GetProperty("error").GetProperty("message").GetString());
        }

        await Bridge.FlushMeteringAsync();
        var usage = await account.GetAsync<UsageReport>($"/api/v1/servers/{server.Id}/usage");
        var unknown = Assert.Single(usage.Tools);
        Assert.Equal("(unknown tool)", unknown.Tool);
        Assert.Equal(3, unknown.Totals.Calls);
        Assert.Equal(3, unknown.Totals.Errors);
        var logs = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs?level=error");
        Assert.Contains(logs, e => e.Message.Contains("unknown tool 'drop table'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingSource_DoesNotBreakTheOthers_AndShowsInTheLog()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Half broken");
        await account.AddToolAsync(server.Id, "echo");
        await account.AddToolAsync(server.Id, "remote", new { url = "https://unreachable.invalid/mcp" });
        var deploy = await account.DeployAsync(server.Id);
        Assert.Equal("ready", deploy.Sources.Single(s => s.Name == "echo").Status);
        var remote = deploy.Sources.Single(s => s.Name == "remote");
        Assert.Equal("failed", remote.Status);
        Assert.False(string.IsNullOrEmpty(remote.Error));
        Assert.Equal(["echo"], deploy.Tools);

        var key = await account.CreateServerKeyAsync(server.Id);
        var (status, message) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "fine" }, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Echo: fine", Text(message));

        await Bridge.FlushMeteringAsync();
        var logs = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs?level=error");
        Assert.Contains(logs, e => e.Kind == "source" && e.Message.Contains("remote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_SurvivesARestart()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Durable", ("echo", null));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key))).Status);
        }

        await Bridge.StopAsync();
        await Bridge.StartAsync();

        var usage = await account.GetAsync<UsageReport>($"/api/v1/servers/{server.Id}/usage");
        Assert.Equal(2, usage.Totals.Calls);
        Assert.Equal(2, usage.Month.Calls);
        var (status, message) = await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "after restart" }, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Echo: after restart", Text(message));
    }

    [Fact]
    public async Task McpEndpoint_ChecksTheSlugAndTheKeyFormat_BeforeLookingAnythingUp()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Lookups", ("echo", null));
        var registry = Bridge.Services.GetRequiredService<LiveServerRegistry>();
        var remembered = registry.CachedSlugCount;

        var (malformed, malformedMessage) = await McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/{new string('a', 64)}/mcp", "echo", null, Bearer(key.Key));
        Assert.Equal(HttpStatusCode.NotFound, malformed);
        Assert.Contains("no MCP server here", malformedMessage!.Value.GetProperty("error").GetProperty("message").GetString());

        var (anonymous, _) = await McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/made-up/mcp", "echo");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        var (garbage, garbageMessage) = await McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/made-up/mcp", "echo", null, Bearer("not-a-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, garbage);
        Assert.Contains("not valid", garbageMessage!.Value.GetProperty("error").GetProperty("message").GetString());

        // A well-formed key gets as far as the lookup, but made-up slugs are not remembered.
        for (var i = 0; i < 20; i++)
        {
            var (missing, _) = await McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/made-up-{i}/mcp", "echo", null, Bearer(key.Key));
            Assert.Equal(HttpStatusCode.NotFound, missing);
        }

        Assert.Equal(remembered, registry.CachedSlugCount);
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key))).Status);
    }

    [Fact]
    public async Task Metering_KeepsTheBatch_WhenAnEventIsLongerThanTheLogKeeps()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Long names", ("echo", null));
        var uri = "memo://" + new string('x', 3000);
        var (_, read, response) = await McpCalls.StatelessAsync(Bridge.Http, Url(server), "resources/read", new JsonObject { ["uri"] = uri }, uri, Bearer(key.Key));
        response.Dispose();
        Assert.True(read!.Value.TryGetProperty("error", out _));
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key))).Status);

        await Bridge.FlushMeteringAsync();
        var usage = await account.GetAsync<UsageReport>($"/api/v1/servers/{server.Id}/usage");
        Assert.Equal(2, usage.Totals.Calls);
        Assert.Equal(2, usage.Month.Calls);
        var logs = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs?level=error");
        var error = Assert.Single(logs, e => e.Tool == "resources/read");
        Assert.Equal(ServerMeter.MaxMessageLength, error.Message.Length);
    }

    [Fact]
    public async Task RefusedCalls_AreLoggedOnce_NotOncePerRefusal()
    {
        var account = await Bridge.SignupAsync();
        await UsePlanAsync(account, monthlyCalls: 1);
        var (server, key, _) = await account.DeployedServerAsync("Hammered", ("echo", null));
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key))).Status);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await McpCalls.CallToolAsync(Bridge.Http, Url(server), "echo", new() { ["message"] = "x" }, Bearer(key.Key))).Status);
        }

        await Bridge.FlushMeteringAsync();
        var logs = await account.GetAsync<LogEntry[]>($"/api/v1/servers/{server.Id}/logs?level=warning");
        Assert.Contains("Monthly quota", Assert.Single(logs, e => e.Kind == "quota").Message);
    }

    private async Task UsePlanAsync(TestAccount account, long monthlyCalls)
    {
        var planId = $"test-{Guid.NewGuid():N}"[..20];
        var factory = Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Plans.Add(new Plan { Id = planId, Name = "Tiny", MaxServers = 1, MaxToolsPerServer = 2, MonthlyCalls = monthlyCalls, CallsPerMinute = null, SortOrder = 1 });
            await db.SaveChangesAsync();
        }

        Bridge.Services.GetRequiredService<PlanCatalog>().Invalidate();
        await fixture.Admin.SetPlanAsync(account.AccountId, planId);
    }

    private async Task<DateTimeOffset?> WaitForLastUsedAsync(TestAccount account, string serverId)
    {
        await Bridge.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Keys.KeyUsageFlusher>().Single().FlushAsync(CancellationToken.None);
        return (await account.GetAsync<ServerDetail>($"/api/v1/servers/{serverId}")).Keys[0].LastUsedAt;
    }
}

public sealed class GatewayTests_Sqlite(SqliteBridge fixture) : GatewayTests(fixture), IClassFixture<SqliteBridge>;

public sealed class GatewayTests_Postgres(PostgresBridge fixture) : GatewayTests(fixture), IClassFixture<PostgresBridge>;
