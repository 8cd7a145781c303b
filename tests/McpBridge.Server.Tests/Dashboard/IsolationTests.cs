using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>Another account's servers, logs and keys are never reachable from the dashboard, by slug or by id.</summary>
public abstract class IsolationTests(GitHubBridgeFixture fixture)
{
    private static readonly string[] s_serverPages = ["", "/connect", "/logs", "/logs/rows", "/usage", "/settings", "/deploy"];

    private TestBridge Bridge => fixture.Bridge;

    [Fact]
    public async Task ServerPages_OfAnotherAccount_AreNotFound_BySlugAndById()
    {
        var (owner, ownerBrowser) = await fixture.SignedInAccountAsync("Owner");
        using var _ = ownerBrowser;
        var (server, _, _) = await owner.DeployedServerAsync("Private notes", ("echo", null));
        var (_, other) = await fixture.SignedInAccountAsync("Other");
        using var __ = other;

        foreach (var page in s_serverPages)
        {
            // The owner sees each page: the 404s below are about whose server it is, not about the page.
            Assert.Equal(HttpStatusCode.OK, (await ownerBrowser.OpenAsync($"/servers/{server.Slug}{page}")).Status);

            foreach (var id in new[] { server.Slug, server.Id })
            {
                var seen = await other.OpenAsync($"/servers/{id}{page}");
                Assert.True(seen.Status == HttpStatusCode.NotFound, $"/servers/{id}{page} answered {(int)seen.Status} to another account");
                Assert.DoesNotContain("Private notes", seen.Text);
                Assert.DoesNotContain(server.Endpoints.Mcp, seen.Text);
                if (page != "/logs/rows")
                {
                    Assert.True(seen.Text.Contains("Not found There is nothing here, or it belongs to another account.", StringComparison.Ordinal), $"/servers/{id}{page} shows: {seen.Text}");
                }
            }
        }
    }

    [Fact]
    public async Task FormsPostedToAnotherAccountsServer_ChangeNothing()
    {
        var (owner, ownerBrowser) = await fixture.SignedInAccountAsync("Owner");
        using var _ = ownerBrowser;
        var (server, key, _) = await owner.DeployedServerAsync("Keep out", ("echo", null));
        await owner.AddToolAsync(server.Id, "memory"); // a draft change a deploy would publish
        var before = await owner.GetAsync<ServerDetail>($"/api/v1/servers/{server.Id}");
        var (_, other) = await fixture.SignedInAccountAsync("Intruder");
        using var __ = other;
        var token = (await other.OpenAsync("/servers")).AntiforgeryToken!;

        (string Page, string Form, (string, string)[] Fields)[] attempts =
        [
            ("settings", "delete", [("confirm", server.Slug)]),
            ("settings", "stop", []),
            ("connect", $"rotate-{key.Id}", []),
            ("connect", $"revoke-{key.Id}", []),
            ("connect", "create-key", [("keyName", "stolen")]),
            ("deploy", "deploy", []),
            ("deploy", "rollback-1", []),
            (string.Empty, $"remove-{before.Tools[0].Id}", []),
        ];
        foreach (var (page, form, fields) in attempts)
        {
            foreach (var id in new[] { server.Slug, server.Id })
            {
                var path = page.Length == 0 ? $"/servers/{id}" : $"/servers/{id}/{page}";
                using var response = await other.PostAsync(path, form, [.. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), new("__RequestVerificationToken", token)]);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{form} on {path}: {(int)response.StatusCode}");
                Assert.DoesNotContain("mcpb_sk_", body);
            }
        }

        var after = await owner.GetAsync<ServerDetail>($"/api/v1/servers/{server.Id}");
        Assert.Equal("running", after.Server.Status);
        Assert.Equal(before.Server.LiveVersion, after.Server.LiveVersion);
        Assert.Equal(before.Versions.Count, after.Versions.Count);
        Assert.Equal(before.Tools.Select(t => t.Id), after.Tools.Select(t => t.Id));
        Assert.Equal(before.Keys.Select(k => (k.Id, k.RevokedAt)), after.Keys.Select(k => (k.Id, k.RevokedAt)));
        var (status, _) = await McpCalls.CallToolAsync(Bridge.Http, $"{Bridge.BaseUri}s/{server.Slug}/mcp", "echo",
            new() { ["message"] = "still mine" }, new Dictionary<string, string> { ["Authorization"] = $"Bearer {key.Key}" });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task DeployStream_StreamsTheStepsToTheOwner_AndRefusesOthersAndForgedPosts()
    {
        var (owner, ownerBrowser) = await fixture.SignedInAccountAsync("Streamer");
        using var _ = ownerBrowser;
        var server = await owner.CreateServerAsync("Streamed");
        await owner.AddToolAsync(server.Id, "echo");
        var (_, other) = await fixture.SignedInAccountAsync("Watcher");
        using var __ = other;
        var otherToken = (await other.OpenAsync("/servers")).AntiforgeryToken!;

        using var forged = await ownerBrowser.PostAsync($"/servers/{server.Slug}/deploy/stream", null, []);
        using var foreign = await other.PostAsync($"/servers/{server.Slug}/deploy/stream", null, [new("__RequestVerificationToken", otherToken)]);
        using var streamed = await ownerBrowser.SubmitAsync($"/servers/{server.Slug}/deploy", "deploy", [], postUrl: $"/servers/{server.Slug}/deploy/stream");
        var lines = (await streamed.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => (State: e.GetProperty("state").GetString(), Text: e.GetProperty("text").GetString()))
            .ToArray();

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Contains("\"state\":\"error\"", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("application/x-ndjson", streamed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            [("running", "Checking the tools against your plan and their settings"), ("ok", "Checked the tools against your plan and their settings"), ("ok", "Saved the draft as version 1")],
            lines.Take(3));
        Assert.Contains(lines, l => l.State == "ok" && l.Text == "echo (echo): 1 tool ready");
        Assert.Equal("done", lines[^1].State);
        Assert.StartsWith("Version 1 is live: 1 tools at ", lines[^1].Text, StringComparison.Ordinal);
        Assert.Equal(1, (await owner.GetAsync<ServerDetail>($"/api/v1/servers/{server.Id}")).Server.LiveVersion);
    }

    [Fact]
    public async Task Admin_IsForbidden_ToAnAccountThatIsNotAnAdministrator()
    {
        var (_, browser) = await fixture.SignedInAccountAsync();
        using var _ = browser;

        using var response = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var page = await browser.FollowAsync(response);
        Assert.Equal("/forbidden", page.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Not allowed", page.Text);
        Assert.DoesNotContain(fixture.Admin.AccountId, page.Text);
    }

    [Fact]
    public async Task Admin_ListsAccounts_ToTheAdministrator()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Admin);
        var page = await browser.OpenAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(fixture.Admin.AccountId, page.Text);
    }
}

public sealed class IsolationTests_Sqlite(SqliteGitHubBridge fixture) : IsolationTests(fixture), IClassFixture<SqliteGitHubBridge>;

public sealed class IsolationTests_Postgres(PostgresGitHubBridge fixture) : IsolationTests(fixture), IClassFixture<PostgresGitHubBridge>;
