using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.Server.Data;
using McpBridge.ServerTesting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Api;

/// <summary>The REST API as a client uses it, on both databases.</summary>
public abstract class ApiTests(BridgeFixture fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    [Fact]
    public async Task Signup_ReturnsAccountAndKey_ThatAuthenticatesTheApi()
    {
        using var response = await Bridge.Http.PostAsJsonAsync("/api/v1/signup", new SignupRequest("Sarah"), TestBridge.Json);
        var signup = await ApiCalls.ExpectAsync<SignupResponse>(response, HttpStatusCode.Created);

        Assert.StartsWith("acc_", signup.AccountId);
        Assert.StartsWith("mcpb_ak_", signup.ApiKey);
        Assert.Equal("free", signup.Plan);

        using var client = Bridge.Client(signup.ApiKey);
        var account = await ApiCalls.ExpectAsync<AccountInfo>(await client.GetAsync("/api/v1/account"), HttpStatusCode.OK);
        Assert.Equal(signup.AccountId, account.Id);
        Assert.Equal("Sarah", account.Name);
        Assert.Equal("free", account.Plan.Id);
        Assert.Equal(1, account.Plan.MaxServers);
        Assert.False(account.IsAdmin);
        Assert.Equal(0, account.Usage.Servers);
    }

    [Fact]
    public async Task Api_RefusesRequests_WithoutAValidAccountKey()
    {
        var anonymous = await Bridge.Http.GetAsync("/api/v1/servers");
        var problem = await ApiCalls.ProblemAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        Assert.Contains("signup", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer realm=\"mcp-bridge\"", anonymous.Headers.WwwAuthenticate.ToString());

        using var wrong = Bridge.Client("mcpb_ak_" + new string('x', 40));
        await ApiCalls.ProblemAsync(await wrong.GetAsync("/api/v1/servers"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

        using var garbage = Bridge.Client("not-a-key");
        await ApiCalls.ProblemAsync(await garbage.GetAsync("/api/v1/account"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task ServerKey_CannotUseTheRestApi()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Keys only");
        var key = await account.CreateServerKeyAsync(server.Id);

        using var client = Bridge.Client(key.Key);
        var problem = await ApiCalls.ProblemAsync(await client.GetAsync("/api/v1/servers"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        Assert.Contains("account key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateServer_ReturnsIdSlugAndEndpoints()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("My Research Notes!");

        Assert.StartsWith("srv_", server.Id);
        Assert.Equal("my-research-notes", server.Slug);
        Assert.Equal("draft", server.Status);
        Assert.Null(server.LiveVersion);
        Assert.Equal($"http://localhost:{Bridge.BaseUri.Port}/s/my-research-notes/mcp", server.Endpoints.Mcp);
        Assert.EndsWith("/s/my-research-notes/sse", server.Endpoints.Sse);

        var list = await account.GetAsync<ServerInfo[]>("/api/v1/servers");
        Assert.Equal(server.Id, Assert.Single(list).Id);
        var bySlug = await account.GetAsync<ServerDetail>($"/api/v1/servers/{server.Slug}");
        Assert.Equal(server.Id, bySlug.Server.Id);
    }

    [Fact]
    public async Task CreateServer_GivesUniqueSlugs_ForTheSameName()
    {
        var first = await Bridge.SignupAsync();
        var second = await Bridge.SignupAsync();
        var a = await first.CreateServerAsync("Shared Name");
        var b = await second.CreateServerAsync("Shared Name");
        Assert.Equal("shared-name", a.Slug);
        Assert.StartsWith("shared-name-", b.Slug);
        Assert.NotEqual(a.Slug, b.Slug);
    }

    [Fact]
    public async Task CreateServer_RejectsAnEmptyName_WithAFieldError()
    {
        var account = await Bridge.SignupAsync();
        var response = await account.Client.PostAsJsonAsync("/api/v1/servers", new CreateServerRequest("  "), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal("is required.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Empty(await account.GetAsync<ServerInfo[]>("/api/v1/servers"));
    }

    [Fact]
    public async Task CreateServer_OnFreePlan_RefusesASecondServer_NamingTheLimitAndTheUpgrade()
    {
        var account = await Bridge.SignupAsync();
        await account.CreateServerAsync("first");

        var response = await account.Client.PostAsJsonAsync("/api/v1/servers", new CreateServerRequest("second"), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.PlanLimit);
        Assert.Equal("servers", problem.GetProperty("limit").GetString());
        Assert.Equal("free", problem.GetProperty("plan").GetString());
        Assert.Equal("starter", problem.GetProperty("upgrade").GetString()); // the cheapest plan that lifts it
        Assert.Contains("Free plan allows 1 server", problem.GetProperty("detail").GetString());
        Assert.Contains("Upgrade to Starter for up to 2 servers", problem.GetProperty("detail").GetString());
        Assert.Single(await account.GetAsync<ServerInfo[]>("/api/v1/servers"));
    }

    [Fact]
    public async Task Catalog_ListsConnectors_WithSchemas()
    {
        var catalog = await Bridge.Http.GetFromJsonAsync<ConnectorInfo[]>("/api/v1/catalog", TestBridge.Json);
        Assert.NotNull(catalog);
        foreach (var id in new[] { "filesystem", "fetch", "postgres", "remote", "echo", "memory", "git", "home-assistant" })
        {
            var connector = Assert.Single(catalog, c => c.Id == id);
            Assert.False(string.IsNullOrWhiteSpace(connector.Description));
            Assert.False(string.IsNullOrWhiteSpace(connector.Category));
            Assert.Equal("object", connector.ConfigSchema.GetProperty("type").GetString());
        }

        var postgres = Assert.Single(catalog, c => c.Id == "postgres");
        Assert.True(postgres.ConfigSchema.GetProperty("properties").GetProperty("connectionString").GetProperty("x-secret").GetBoolean());
        var homeAssistant = Assert.Single(catalog, c => c.Id == "home-assistant");
        Assert.True(homeAssistant.ConfigSchema.GetProperty("properties").GetProperty("token").GetProperty("x-secret").GetBoolean());
        var git = Assert.Single(catalog, c => c.Id == "git");
        Assert.False(git.ConfigSchema.GetProperty("properties").TryGetProperty("repo", out _));
    }

    [Fact]
    public async Task AddTool_RejectsInvalidConfig_WithFieldLevelErrors_AndSavesNothing()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Validation");

        var response = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/tools",
            new AddToolRequest("postgres", JsonSerializer.SerializeToElement(new { maxRows = "lots", unknown = 1 })), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("config.connectionString", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("config.maxRows", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("config.unknown", out _), errors.ToString());

        var unknown = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/tools", new AddToolRequest("no-such-connector"), TestBridge.Json);
        var unknownProblem = await ApiCalls.ProblemAsync(unknown, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Contains("catalog", unknownProblem.GetProperty("errors").GetProperty("connector")[0].GetString());

        Assert.Empty(await account.GetAsync<ToolInfo[]>($"/api/v1/servers/{server.Id}/tools"));
    }

    [Fact]
    public async Task AddTool_KeepsSecretsOutOfEveryAnswer_AndEncryptsThemAtRest()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Secrets");
        const string password = "s3cret-Pa55word-xyz";
        var connection = $"Host=db.example.com;Username=app;Password={password};Database=app";

        var tool = await account.AddToolAsync(server.Id, "postgres", new { connectionString = connection, maxRows = 50 });
        Assert.Equal("********", tool.Config.GetProperty("connectionString").GetString());
        Assert.Equal(50, tool.Config.GetProperty("maxRows").GetInt32());

        foreach (var path in new[] { $"/api/v1/servers/{server.Id}", $"/api/v1/servers/{server.Id}/tools", "/api/v1/account/audit", $"/api/v1/servers/{server.Id}/logs" })
        {
            var body = await account.Client.GetStringAsync(path);
            Assert.DoesNotContain(password, body);
        }

        var stored = await DatabaseText.ReadAllAsync(Bridge);
        Assert.DoesNotContain(password, stored);
        Assert.DoesNotContain(password, string.Join('\n', Bridge.LogLines.ToArray()));
    }

    [Fact]
    public async Task AddTool_OnFreePlan_RefusesAThirdTool_WithTheUpgradePrompt()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Two tools");
        await account.AddToolAsync(server.Id, "echo");
        await account.AddToolAsync(server.Id, "fetch");

        var response = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/tools", new AddToolRequest("filesystem"), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.PlanLimit);
        Assert.Equal("tools_per_server", problem.GetProperty("limit").GetString());
        Assert.Contains("Upgrade to Starter for up to 5 tools per server", problem.GetProperty("detail").GetString());

        await fixture.Admin.SetPlanAsync(account.AccountId, "pro");
        await account.AddToolAsync(server.Id, "filesystem");
        Assert.Equal(3, (await account.GetAsync<ToolInfo[]>($"/api/v1/servers/{server.Id}/tools")).Length);
    }

    [Fact]
    public async Task AddTool_NamesInstances_AndRefusesADuplicateName()
    {
        var account = await Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(account.AccountId, "pro");
        var server = await account.CreateServerAsync("Names");
        var first = await account.AddToolAsync(server.Id, "echo");
        var second = await account.AddToolAsync(server.Id, "echo");
        Assert.Equal("echo", first.Name);
        Assert.Equal("echo-2", second.Name);

        var duplicate = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/tools", new AddToolRequest("echo", null, "echo"), TestBridge.Json);
        await ApiCalls.ProblemAsync(duplicate, HttpStatusCode.Conflict, ErrorCodes.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}/tools/echo-2")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}/tools/{first.Id}")).StatusCode);
        Assert.Empty(await account.GetAsync<ToolInfo[]>($"/api/v1/servers/{server.Id}/tools"));
    }

    [Fact]
    public async Task Deploy_StoresNumberedVersions_AndRollsBack()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Versions");
        await account.AddToolAsync(server.Id, "echo");

        var v1 = await account.DeployAsync(server.Id);
        Assert.Equal(1, v1.Version);
        Assert.Contains("echo", v1.Tools);
        Assert.Equal("ready", Assert.Single(v1.Sources).Status);
        Assert.Equal(server.Endpoints, v1.Endpoints);

        await account.AddToolAsync(server.Id, "fetch");
        var v2 = await account.DeployAsync(server.Id);
        Assert.Equal(2, v2.Version);
        Assert.Contains("fetch", v2.Tools);

        var rollback = await account.DeployAsync(server.Id, version: 1);
        Assert.Equal(1, rollback.Version);
        Assert.Equal(1, rollback.RolledBackTo);
        Assert.DoesNotContain("fetch", rollback.Tools);

        var versions = await account.GetAsync<VersionInfo[]>($"/api/v1/servers/{server.Id}/versions");
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.True(versions.Single(v => v.Version == 1).Live);
        var detail = await account.GetAsync<ServerDetail>($"/api/v1/servers/{server.Id}");
        Assert.Equal("running", detail.Server.Status);
        Assert.Equal(1, detail.Server.LiveVersion);

        var missing = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/deploy", new DeployRequest(9), TestBridge.Json);
        await ApiCalls.ProblemAsync(missing, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Rollback_IsRefused_WhenThePlanNoLongerAllowsTheVersion()
    {
        var account = await Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(account.AccountId, "pro");
        var server = await account.CreateServerAsync("Downgraded");
        for (var i = 0; i < 3; i++)
        {
            await account.AddToolAsync(server.Id, "echo");
        }

        Assert.Equal(1, (await account.DeployAsync(server.Id)).Version);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}/tools/echo-3")).StatusCode);
        Assert.Equal(2, (await account.DeployAsync(server.Id)).Version);
        await fixture.Admin.SetPlanAsync(account.AccountId, "free");

        var refused = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/deploy", new DeployRequest(1), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(refused, HttpStatusCode.Forbidden, ErrorCodes.PlanLimit);
        Assert.Equal("tools_per_server", problem.GetProperty("limit").GetString());
        Assert.Contains("version 1 of 'Downgraded' has 3", problem.GetProperty("detail").GetString());
        Assert.True((await account.GetAsync<VersionInfo[]>($"/api/v1/servers/{server.Id}/versions")).Single(v => v.Version == 2).Live);

        Assert.Equal(2, (await account.DeployAsync(server.Id, version: 2)).RolledBackTo);
    }

    [Fact]
    public async Task Deploy_NamesTheTool_WhoseSecretsCanNoLongerBeDecrypted()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Lost keys");
        var tool = await account.AddToolAsync(server.Id, "postgres", new { connectionString = "Host=db.example.com;Username=app;Password=pw;Database=app" });

        // As if the data folder's Data Protection keys had been lost: the secrets were sealed with keys this server lacks.
        var foreign = new EphemeralDataProtectionProvider().CreateProtector("McpBridge.ConnectorSecrets.v1").Protect("{\"connectionString\":\"x\"}");
        var factory = Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.ServerTools.Where(t => t.Id == tool.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.SecretsProtected, foreign));
        }

        var response = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/deploy", new DeployRequest(), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Contains("decrypted", problem.GetProperty("errors").GetProperty($"tools.{tool.Name}")[0].GetString());
    }

    [Fact]
    public async Task Keys_AreShownOnce_ListedByPrefix_RotatedAndRevoked()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Key ring");
        var created = await account.CreateServerKeyAsync(server.Id, "laptop");
        Assert.StartsWith("mcpb_sk_", created.Key);
        Assert.Equal(created.Key[..16], created.Prefix);

        var listed = Assert.Single(await account.GetAsync<KeyInfo[]>($"/api/v1/servers/{server.Id}/keys"));
        Assert.Equal(created.Prefix, listed.Prefix);
        Assert.Null(listed.RevokedAt);
        Assert.DoesNotContain(created.Key, await account.Client.GetStringAsync($"/api/v1/servers/{server.Id}"));

        var rotated = await ApiCalls.ExpectAsync<KeyCreated>(
            await account.Client.PostAsync($"/api/v1/servers/{server.Id}/keys/{created.Id}/rotate", null), HttpStatusCode.OK);
        Assert.NotEqual(created.Key, rotated.Key);
        Assert.Equal("laptop", rotated.Name);
        var keys = await account.GetAsync<KeyInfo[]>($"/api/v1/servers/{server.Id}/keys");
        Assert.NotNull(keys.Single(k => k.Id == created.Id).RevokedAt);
        Assert.Null(keys.Single(k => k.Id == rotated.Id).RevokedAt);

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}/keys/{rotated.Id}")).StatusCode);
        Assert.All(await account.GetAsync<KeyInfo[]>($"/api/v1/servers/{server.Id}/keys"), k => Assert.NotNull(k.RevokedAt));
    }

    [Fact]
    public async Task AccountKeys_CanBeCreatedAndRevoked_AndARevokedKeyIsRefusedAtOnce()
    {
        var account = await Bridge.SignupAsync();
        var extra = await ApiCalls.ExpectAsync<KeyCreated>(
            await account.Client.PostAsJsonAsync("/api/v1/account/keys", new CreateKeyRequest("ci"), TestBridge.Json), HttpStatusCode.Created);
        using var extraClient = Bridge.Client(extra.Key);
        Assert.Equal(HttpStatusCode.OK, (await extraClient.GetAsync("/api/v1/account")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/account/keys/{extra.Id}")).StatusCode);
        var refused = await extraClient.GetAsync("/api/v1/account");
        var problem = await ApiCalls.ProblemAsync(refused, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        Assert.Equal(2, (await account.GetAsync<KeyInfo[]>("/api/v1/account/keys")).Length);
    }

    [Fact]
    public async Task EveryServerRoute_RefusesAnotherAccountsServer()
    {
        var owner = await Bridge.SignupAsync();
        var (server, key, _) = await owner.DeployedServerAsync("Private", ("echo", null));
        var intruder = await Bridge.SignupAsync();
        var c = intruder.Client;
        var id = server.Id;

        var attempts = new (string Method, string Path, object? Body)[]
        {
            ("GET", $"/api/v1/servers/{id}", null),
            ("GET", $"/api/v1/servers/{server.Slug}", null),
            ("DELETE", $"/api/v1/servers/{id}", null),
            ("GET", $"/api/v1/servers/{id}/tools", null),
            ("POST", $"/api/v1/servers/{id}/tools", new AddToolRequest("echo")),
            ("DELETE", $"/api/v1/servers/{id}/tools/echo", null),
            ("POST", $"/api/v1/servers/{id}/deploy", new DeployRequest()),
            ("GET", $"/api/v1/servers/{id}/versions", null),
            ("GET", $"/api/v1/servers/{id}/keys", null),
            ("POST", $"/api/v1/servers/{id}/keys", new CreateKeyRequest()),
            ("POST", $"/api/v1/servers/{id}/keys/{key.Id}/rotate", null),
            ("DELETE", $"/api/v1/servers/{id}/keys/{key.Id}", null),
            ("GET", $"/api/v1/servers/{id}/usage", null),
            ("GET", $"/api/v1/servers/{id}/logs", null),
            ("GET", $"/api/v1/servers/{id}/snippets", null),
            ("DELETE", $"/api/v1/account/keys/{key.Id}", null),
            ("GET", "/api/v1/admin/accounts", null),
            ("PUT", $"/api/v1/admin/accounts/{owner.AccountId}/plan", new SetPlanRequest("enterprise")),
        };

        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: TestBridge.Json) };
            using var response = await c.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                $"{method} {path} answered {(int)response.StatusCode} to another account");
        }

        // Nothing changed for the owner.
        var detail = await owner.GetAsync<ServerDetail>($"/api/v1/servers/{id}");
        Assert.Single(detail.Tools);
        Assert.Single(detail.Keys);
        Assert.Null(detail.Keys[0].RevokedAt);
        Assert.Equal("free", (await owner.GetAsync<AccountInfo>("/api/v1/account")).Plan.Id);
    }

    [Fact]
    public async Task Admin_SetsPlans_AndListsAccounts()
    {
        var account = await Bridge.SignupAsync("plan-change");
        await fixture.Admin.SetPlanAsync(account.AccountId, "team");
        Assert.Equal("team", (await account.GetAsync<AccountInfo>("/api/v1/account")).Plan.Id);

        var accounts = await fixture.Admin.GetAsync<AdminAccountInfo[]>("/api/v1/admin/accounts");
        Assert.Contains(accounts, a => a.Id == account.AccountId && a.Plan == "team");

        var bad = await fixture.Admin.Client.PutAsJsonAsync($"/api/v1/admin/accounts/{account.AccountId}/plan", new SetPlanRequest("platinum"), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(bad, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Contains("free", problem.GetProperty("errors").GetProperty("plan")[0].GetString());

        var audit = await account.GetAsync<AuditEntryInfo[]>("/api/v1/account/audit");
        Assert.Contains(audit, e => e.Action == "account.set_plan" && e.Detail == "free -> team");
    }

    [Fact]
    public async Task DeleteServer_RemovesIt_AndItsEndpoint()
    {
        var account = await Bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Short lived", ("echo", null));
        var (status, _) = await McpCalls.CallToolAsync(Bridge.Http, server.Endpoints.PathMcp.Replace("localhost", "127.0.0.1"), "echo",
            new() { ["message"] = "hi" }, new Dictionary<string, string> { ["Authorization"] = $"Bearer {key.Key}" });
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/servers/{server.Id}")).StatusCode);
        Assert.Empty(await account.GetAsync<ServerInfo[]>("/api/v1/servers"));
        var (after, message) = await McpCalls.CallToolAsync(Bridge.Http, server.Endpoints.PathMcp.Replace("localhost", "127.0.0.1"), "echo",
            new() { ["message"] = "hi" }, new Dictionary<string, string> { ["Authorization"] = $"Bearer {key.Key}" });
        Assert.Equal(HttpStatusCode.NotFound, after);
        Assert.Contains("no server", message!.Value.GetProperty("error").GetProperty("message").GetString());
        Assert.False(Directory.Exists(Path.Combine(Bridge.DataDir, "servers", server.Id)));
    }

    [Fact]
    public async Task Snippets_CoverEveryClient_WithAPlaceholderKey()
    {
        var account = await Bridge.SignupAsync();
        var server = await account.CreateServerAsync("Snippets");
        var set = await account.GetAsync<SnippetSet>($"/api/v1/servers/{server.Id}/snippets");

        Assert.Equal(server.Endpoints.Mcp, set.Endpoint);
        Assert.Equal(["claude-code", "cursor", "vscode", "claude-desktop", "url", "curl"], set.Snippets.Select(s => s.Client));
        Assert.All(set.Snippets, s => Assert.Contains(set.KeyPlaceholder, s.Content));
        Assert.StartsWith($"claude mcp add --transport http {server.Slug} {server.Endpoints.Mcp}", set.Snippets[0].Content);
        var cursor = JsonDocument.Parse(set.Snippets.Single(s => s.Client == "cursor").Content).RootElement;
        Assert.Equal(server.Endpoints.Mcp, cursor.GetProperty("mcpServers").GetProperty(server.Slug).GetProperty("url").GetString());
        var vscode = JsonDocument.Parse(set.Snippets.Single(s => s.Client == "vscode").Content).RootElement;
        Assert.Equal("http", vscode.GetProperty("servers").GetProperty(server.Slug).GetProperty("type").GetString());
        var desktop = JsonDocument.Parse(set.Snippets.Single(s => s.Client == "claude-desktop").Content).RootElement;
        Assert.Equal("connect", desktop.GetProperty("mcpServers").GetProperty(server.Slug).GetProperty("args")[0].GetString());
        Assert.Equal($"{server.Endpoints.Mcp}?key={set.KeyPlaceholder}", set.Snippets.Single(s => s.Client == "url").Content);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var document = await Bridge.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.Equal("MCP Bridge API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/signup", "/api/v1/servers", "/api/v1/servers/{server}/tools", "/api/v1/servers/{server}/deploy",
                     "/api/v1/servers/{server}/keys", "/api/v1/servers/{server}/usage", "/api/v1/servers/{server}/logs", "/api/v1/servers/{server}/snippets", "/api/v1/catalog" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }

        Assert.False(paths.TryGetProperty("/s/{slug}/mcp", out _));
    }

    [Fact]
    public async Task OversizedApiBody_IsRefused_WithAProblemAnswer()
    {
        var account = await Bridge.SignupAsync();
        var huge = new string('x', 2 * 1024 * 1024);

        // As curl sends a large body: its length up front and "Expect: 100-continue", so the server can refuse it before
        // it is sent. (A chunked body would race the refusal: the server closes while the client still writes.)
        using var content = new StringContent(JsonSerializer.Serialize(new { name = huge }, TestBridge.Json), System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/servers") { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await account.Client.SendAsync(request);
        await ApiCalls.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Empty(await account.GetAsync<ServerInfo[]>("/api/v1/servers"));
    }

    [Fact]
    public async Task MalformedJson_GetsAProblemAnswer_NotA500()
    {
        var account = await Bridge.SignupAsync();
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await account.Client.PostAsync("/api/v1/servers", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await account.GetAsync<ServerInfo[]>("/api/v1/servers"));
    }
}

public sealed class ApiTests_Sqlite(SqliteBridge fixture) : ApiTests(fixture), IClassFixture<SqliteBridge>;

public sealed class ApiTests_Postgres(PostgresBridge fixture) : ApiTests(fixture), IClassFixture<PostgresBridge>;
