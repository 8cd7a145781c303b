using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class AccountCommandTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly CliHarness _cli = new();
    private FakeApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeApiServer.StartAsync();

    [Fact]
    public async Task Signup_StoresServerAndKey_AndPrintsTheKeyOnceWithAWarning()
    {
        _api.Json("POST", "/api/v1/signup", new SignupResponse("acc_9", "mcpb_ak_new_secret", "free"), status: 201);

        var run = await _cli.RunAsync("signup", "--name", "Sarah", "--server", _api.Url);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("mcpb_ak_new_secret", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("shown only once", run.StdOut, StringComparison.Ordinal);
        var request = _api.Single("POST", "/api/v1/signup");
        Assert.Null(request.Authorization);
        Assert.Equal("Sarah", JsonDocument.Parse(request.Body).RootElement.GetProperty("name").GetString());

        var config = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.ConfigFile)).RootElement;
        Assert.Equal(_api.Url, config.GetProperty("server").GetString());
        Assert.Equal("mcpb_ak_new_secret", config.GetProperty("apiKey").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ConfigFile));
        }
    }

    [Fact]
    public async Task Login_WithoutApiKey_ShowsTheCodeAndPage_ThenStoresTheApprovedKey()
    {
        _api.Json("POST", "/api/v1/device/code", new DeviceLoginStarted("dev-secret", "BCDF-GHJK", $"{_api.Url}/device", $"{_api.Url}/device?code=BCDF-GHJK", 600, 1));
        var polls = 0;
        _api.Route("POST", "/api/v1/device/token", async context =>
        {
            // Pending once, then approved: the CLI must keep polling through "authorization_pending".
            if (Interlocked.Increment(ref polls) == 1)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsJsonAsync(new { title = "Not signed in", status = 400, code = ErrorCodes.AuthorizationPending, detail = "Waiting." });
                return;
            }

            await context.Response.WriteAsJsonAsync(new DeviceToken("acc_1", "mcpb_ak_from_browser", "key_1"));
        });
        _api.Json("GET", "/api/v1/account", ApiSamples.Account());

        var run = await _cli.RunAsync("login", "--server", _api.Url);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"open {_api.Url}/device?code=BCDF-GHJK", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("BCDF-GHJK", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, polls);
        Assert.All(_api.Requests.Where(r => r.RawTarget == "/api/v1/device/token"), r => Assert.Contains("dev-secret", r.Body, StringComparison.Ordinal));
        Assert.Equal("Bearer mcpb_ak_from_browser", _api.Single("GET", "/api/v1/account").Authorization);
        var config = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.ConfigFile)).RootElement;
        Assert.Equal("mcpb_ak_from_browser", config.GetProperty("apiKey").GetString());
    }

    [Fact]
    public async Task Login_WithoutApiKey_FailsClearly_AndStoresNothing_WhenTheBrowserDenies()
    {
        _api.Json("POST", "/api/v1/device/code", new DeviceLoginStarted("dev-secret", "BCDF-GHJK", $"{_api.Url}/device", $"{_api.Url}/device?code=BCDF-GHJK", 600, 1));
        _api.Problem("POST", "/api/v1/device/token", 400, new { title = "Not signed in", status = 400, code = ErrorCodes.AccessDenied, detail = "The sign-in was denied in the dashboard." });

        var run = await _cli.RunAsync("login", "--server", _api.Url);

        Assert.Equal(ExitCodes.AuthenticationFailed, run.ExitCode);
        Assert.Contains("error: The sign-in was denied in the dashboard.", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.ConfigFile));
    }

    [Fact]
    public async Task Signup_WithJson_PrintsOnlyTheResponse()
    {
        _api.Json("POST", "/api/v1/signup", new SignupResponse("acc_9", "mcpb_ak_new_secret", "free"), status: 201);

        var run = await _cli.RunAsync("signup", "--server", _api.Url, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(new SignupResponse("acc_9", "mcpb_ak_new_secret", "free"), JsonSerializer.Deserialize<SignupResponse>(run.StdOut, s_json));
    }

    [Fact]
    public async Task Signup_RefusesToReplaceAStoredKey_WithoutForce()
    {
        _api.Json("POST", "/api/v1/signup", new SignupResponse("acc_9", "mcpb_ak_new_secret", "free"), status: 201);
        var stored = $$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_only_copy" }""";
        _cli.WriteConfig(stored);

        var run = await _cli.RunAsync("signup", "--server", _api.Url);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains($"error: a key for {_api.Url} is already stored in {_cli.ConfigFile}; signing up would replace it", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("--force", run.StdErr, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
        Assert.Equal(stored, await File.ReadAllTextAsync(_cli.ConfigFile));
    }

    [Fact]
    public async Task Signup_WithForce_ReplacesTheStoredKey()
    {
        _api.Json("POST", "/api/v1/signup", new SignupResponse("acc_9", "mcpb_ak_new_secret", "free"), status: 201);
        _cli.WriteConfig("""{ "server": "http://old.example.com", "apiKey": "mcpb_ak_old" }""");

        var run = await _cli.RunAsync("signup", "--server", _api.Url, "--force");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var config = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.ConfigFile)).RootElement;
        Assert.Equal(_api.Url, config.GetProperty("server").GetString());
        Assert.Equal("mcpb_ak_new_secret", config.GetProperty("apiKey").GetString());
    }

    [Theory]
    [InlineData("signup")]
    [InlineData("login")]
    [InlineData("logout")]
    public async Task AccountCommands_WarnThatTheEnvironmentKeyWinsOverTheStoredOne(string command)
    {
        _api.Json("POST", "/api/v1/signup", new SignupResponse("acc_9", "mcpb_ak_new_secret", "free"), status: 201);
        _api.Json("GET", "/api/v1/account", ApiSamples.Account());
        _cli.Environment.Set(EnvironmentVariables.ApiKey, "mcpb_ak_from_env");
        string[] args = command switch
        {
            "login" => ["login", "--api-key", "mcpb_ak_given", "--server", _api.Url],
            _ => [command, "--server", _api.Url],
        };

        var run = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("warning: $MCP_BRIDGE_API_KEY is set, so commands send that key, not the one in the config file", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_VerifiesTheKey_ThenStoresIt_AndLaterCommandsUseIt()
    {
        _api.Json("GET", "/api/v1/account", ApiSamples.Account());

        var login = await _cli.RunAsync("login", "--api-key", "mcpb_ak_good", "--server", _api.Url);
        var whoami = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, login.ExitCode);
        Assert.Contains("Signed in", login.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("mcpb_ak_good", login.StdOut + login.StdErr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        Assert.Contains("acc_1", whoami.StdOut, StringComparison.Ordinal);
        Assert.Contains("1,234 of 10,000", whoami.StdOut, StringComparison.Ordinal);
        Assert.Contains("0 persistent, 1 temporary at a time, 1,000 requests a month", whoami.StdOut, StringComparison.Ordinal);
        Assert.All(_api.Requests, r => Assert.Equal("Bearer mcpb_ak_good", r.Authorization));
        Assert.Equal(2, _api.Requests.Count);
    }

    [Fact]
    public async Task Login_DoesNotStoreAKeyTheServerRefuses()
    {
        _api.Problem("GET", "/api/v1/account", 401, new { title = "Unauthorized", status = 401, detail = "The API key is not valid.", code = ErrorCodes.Unauthorized });

        var run = await _cli.RunAsync("login", "--api-key", "mcpb_ak_bad", "--server", _api.Url);

        Assert.Equal(ExitCodes.AuthenticationFailed, run.ExitCode);
        Assert.Contains("error: The API key is not valid. (HTTP 401)", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: check the key passed with --api-key", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.ConfigFile));
    }

    [Fact]
    public async Task Logout_RemovesTheKey_AndKeepsTheServer()
    {
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_stored" }""");

        var run = await _cli.RunAsync("logout");
        var after = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var config = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.ConfigFile)).RootElement;
        Assert.Equal(_api.Url, config.GetProperty("server").GetString());
        Assert.False(config.TryGetProperty("apiKey", out var key) && key.ValueKind == JsonValueKind.String);
        Assert.Equal(ExitCodes.AuthenticationFailed, after.ExitCode);
        Assert.Contains($"not signed in to {_api.Url}", after.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_PrecedenceIsFlag_ThenEnvironment_ThenConfigFile()
    {
        _api.Json("GET", "/api/v1/account", ApiSamples.Account());
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "file-key" }""");

        await _cli.RunAsync("whoami");
        _cli.Environment.Set(EnvironmentVariables.ApiKey, "env-key");
        await _cli.RunAsync("whoami");
        await _cli.RunAsync("whoami", "--api-key", "flag-key");

        Assert.Equal(["Bearer file-key", "Bearer env-key", "Bearer flag-key"], _api.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Server_PrecedenceIsFlag_ThenEnvironment_ThenConfigFile()
    {
        await using var other = await FakeApiServer.StartAsync();
        await using var third = await FakeApiServer.StartAsync();
        foreach (var api in new[] { _api, other, third })
        {
            api.Json("GET", "/api/v1/account", ApiSamples.Account());
        }

        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}" }""");
        _cli.Environment.Set(EnvironmentVariables.ApiKey, "k");

        await _cli.RunAsync("whoami");
        _cli.Environment.Set(EnvironmentVariables.Server, other.Url);
        await _cli.RunAsync("whoami");
        await _cli.RunAsync("whoami", "--server", third.Url);

        Assert.Single(_api.Requests);
        Assert.Single(other.Requests);
        Assert.Single(third.Requests);
    }

    [Fact]
    public async Task Whoami_WithJson_PrintsTheAccountDto()
    {
        _api.Json("GET", "/api/v1/account", ApiSamples.Account("acc_json"));

        var run = await _cli.RunAsync("whoami", "--json", "--server", _api.Url, "--api-key", "k");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var account = JsonSerializer.Deserialize<AccountInfo>(run.StdOut, s_json)!;
        Assert.Equal("acc_json", account.Id);
        Assert.Equal(ApiSamples.FreePlan, account.Plan);
        Assert.Equal(1234, account.Usage.CallsThisMonth);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
    }
}
