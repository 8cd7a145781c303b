using System.Net;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>Stopping and starting a deployed server, through the REST API and the dashboard's settings page.</summary>
public abstract class ServerRunningTests(GitHubBridgeFixture fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    [Fact]
    public async Task Stop_MakesTheEndpointAnswer503_AndStartServesAgain()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Pausable", ("echo", null));
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(server, key)).Status);

        using (var stopped = await account.Client.PostAsync($"/api/v1/servers/{server.Id}/stop", null))
        {
            Assert.Equal("stopped", (await ApiCalls.ExpectAsync<ServerInfo>(stopped, HttpStatusCode.OK)).Status);
        }

        var (status, message) = await CallAsync(server, key);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var error = message!.Value.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains($"Server '{server.Slug}' is stopped by its owner", error);
        Assert.Contains("start", error);
        Assert.Equal("stopped", (await account.GetAsync<ServerInfo[]>("/api/v1/servers")).Single().Status);

        using (var started = await account.Client.PostAsync($"/api/v1/servers/{server.Slug}/start", null))
        {
            Assert.Equal("running", (await ApiCalls.ExpectAsync<ServerInfo>(started, HttpStatusCode.OK)).Status);
        }

        var (again, answer) = await CallAsync(server, key);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("Echo: hello", answer!.Value.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task StopAndStart_AreAConflict_ForANeverDeployedServer()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Never deployed");

        foreach (var action in new[] { "stop", "start" })
        {
            using var response = await account.Client.PostAsync($"/api/v1/servers/{server.Id}/{action}", null);
            var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Conflict, ErrorCodes.Conflict);
            Assert.Contains("has never been deployed: deploy it first", problem.GetProperty("detail").GetString());
        }

        Assert.Equal("draft", (await account.GetAsync<ServerInfo[]>("/api/v1/servers")).Single().Status);
    }

    [Fact]
    public async Task StopAndStart_NeedTheOwnersAccountKey()
    {
        var owner = await Bridge.SignupAsync();
        var (server, key, _) = await owner.DeployedServerAsync("Owned", ("echo", null));
        var other = await Bridge.SignupAsync();

        foreach (var action in new[] { "stop", "start" })
        {
            using var anonymous = await Bridge.Http.PostAsync($"/api/v1/servers/{server.Id}/{action}", null);
            await ApiCalls.ProblemAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
            using var serverKey = Bridge.Client(key.Key);
            await ApiCalls.ProblemAsync(await serverKey.PostAsync($"/api/v1/servers/{server.Id}/{action}", null), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
            await ApiCalls.ProblemAsync(await other.Client.PostAsync($"/api/v1/servers/{server.Id}/{action}", null), HttpStatusCode.NotFound, ErrorCodes.NotFound);
            await ApiCalls.ProblemAsync(await other.Client.PostAsync($"/api/v1/servers/{server.Slug}/{action}", null), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(server, key)).Status);
    }

    [Fact]
    public async Task SettingsPage_StopsAndStartsTheServer()
    {
        var (account, browser) = await fixture.SignedInAccountAsync();
        using var _ = browser;
        var (server, key, _) = await account.DeployedServerAsync("From the page", ("echo", null));
        var settings = $"/servers/{server.Slug}/settings";

        using (var stop = await browser.SubmitAsync(settings, "stop"))
        {
            var page = await browser.FollowAsync(stop);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Stopped: the endpoint answers 503 until you start it.", page.Text);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await CallAsync(server, key)).Status);

        using (var start = await browser.SubmitAsync(settings, "start"))
        {
            var page = await browser.FollowAsync(start);
            Assert.Contains("Started: the endpoint serves again.", page.Text);
        }

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(server, key)).Status);
    }

    private Task<(HttpStatusCode Status, JsonElement? Message)> CallAsync(ServerInfo server, KeyCreated key) =>
        McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/{server.Slug}/mcp", "echo", new() { ["message"] = "hello" },
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {key.Key}" });
}

public sealed class ServerRunningTests_Sqlite(SqliteGitHubBridge fixture) : ServerRunningTests(fixture), IClassFixture<SqliteGitHubBridge>;

public sealed class ServerRunningTests_Postgres(PostgresGitHubBridge fixture) : ServerRunningTests(fixture), IClassFixture<PostgresGitHubBridge>;
