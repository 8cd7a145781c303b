using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.GitHub;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.TestSupport.Time;

namespace McpBridge.Connectors.Tests.GitHub;

/// <summary>Rate limits, rejected tokens, missing things, validation errors, timeouts and the egress guard, against a local fake GitHub.</summary>
public sealed class GitHubErrorsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private FakeGitHub _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _data.Dispose();

    private Task<McpTestHarness> StartAsync(JsonObject? config = null, EgressGuard? egress = null, TimeProvider? time = null) =>
        GitHubHarness.StartAsync(_fake, _data.Path, config, egress, time);

    /// <summary>One call of every tool, with arguments that would succeed.</summary>
    private static async Task<string[]> CallEveryToolAsync(McpTestHarness harness) =>
    [
        await harness.CallErrorAsync("github_list_repos"),
        await harness.CallErrorAsync("github_list_files", new { repo = "octocat/hello-world" }),
        await harness.CallErrorAsync("github_read_file", new { repo = "octocat/hello-world", path = "README.md" }),
        await harness.CallErrorAsync("github_search_code", new { query = "hello" }),
        await harness.CallErrorAsync("github_list_issues", new { repo = "octocat/hello-world" }),
        await harness.CallErrorAsync("github_get_issue", new { repo = "octocat/hello-world", number = 1 }),
        await harness.CallErrorAsync("github_create_issue", new { repo = "octocat/hello-world", title = "t" }),
        await harness.CallErrorAsync("github_add_comment", new { repo = "octocat/hello-world", number = 1, body = "b" }),
        await harness.CallErrorAsync("github_list_pull_requests", new { repo = "octocat/hello-world" }),
        await harness.CallErrorAsync("github_get_pull_request", new { repo = "octocat/hello-world", number = 3 }),
    ];

    [Fact]
    public async Task EveryTool_SaysTheRateLimitIsUsedUp_WithTheResetTime_AgainstLocalFakeGitHub()
    {
        _fake.RateLimit = FakeGitHubRateLimit.Primary;
        await using var harness = await StartAsync(time: new FakeTimeProvider());

        var errors = await CallEveryToolAsync(harness);

        var expected = "GitHub's API rate limit is used up (5000 requests allowed for this token in the current window); it resets at 2026-01-01 00:25:00 UTC (in 25 min). Try again after that.";
        Assert.All(errors.Where((_, i) => i != 3), e => Assert.Equal(expected, e));
        Assert.Equal(expected.Replace("5000 requests", "5000 requests for code_search", StringComparison.Ordinal), errors[3]);
    }

    [Theory]
    [InlineData(FakeGitHubRateLimit.Secondary, "GitHub's secondary rate limit was hit (too many requests in a short time: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.). Retry after 60 seconds, at 2026-01-01 00:01:00 UTC.")]
    [InlineData(FakeGitHubRateLimit.TooManyRequests, "GitHub's secondary rate limit was hit (too many requests in a short time: Too many requests). Retry after 30 seconds, at 2026-01-01 00:00:30 UTC.")]
    public async Task SecondaryRateLimit_SaysWhenToRetry_FromRetryAfter_AgainstLocalFakeGitHub(FakeGitHubRateLimit mode, string expected)
    {
        _fake.RateLimit = mode;
        await using var harness = await StartAsync(time: new FakeTimeProvider());

        var error = await harness.CallErrorAsync("github_list_issues", new { repo = "octocat/hello-world" });

        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task EveryTool_SaysTheTokenWasRejected_On401_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync(new JsonObject { ["token"] = "ghp_revoked0000000000000000000000000000" });

        var errors = await CallEveryToolAsync(harness);

        Assert.All(errors, e => Assert.Equal(
            "GitHub rejected the token (HTTP 401: Bad credentials). It may be mistyped, expired or revoked: create a new one (GitHub: Settings, Developer settings, Personal access tokens) and update the tool's token setting.",
            e));
        Assert.Empty(_fake.Posts);
    }

    [Fact]
    public async Task NotFound_SaysWhatWasMissing_OrThatTheTokenCannotSeeIt_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var repo = await harness.CallErrorAsync("github_list_issues", new { repo = "octocat/private-thing" });
        var file = await harness.CallErrorAsync("github_read_file", new { repo = "octocat/hello-world", path = "nope.txt", @ref = "main" });
        var badRef = await harness.CallErrorAsync("github_list_files", new { repo = "octocat/hello-world", @ref = "nope" });
        var issue = await harness.CallErrorAsync("github_get_issue", new { repo = "octocat/hello-world", number = 99 });

        Assert.Equal("Not found, or the token cannot see it: repository octocat/private-thing (HTTP 404). Check the spelling; for a private repository, the token needs access to it.", repo);
        Assert.StartsWith("Not found, or the token cannot see it: file 'nope.txt' at 'main' in octocat/hello-world (HTTP 404).", file, StringComparison.Ordinal);
        Assert.StartsWith("Not found, or the token cannot see it: directory '' at 'nope' in octocat/hello-world (HTTP 404).", badRef, StringComparison.Ordinal);
        Assert.StartsWith("Not found, or the token cannot see it: issue #99 in octocat/hello-world (HTTP 404).", issue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationFailed_IsQuoted_WithEachFieldError_On422_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("github_create_issue", new { repo = "octocat/hello-world", title = "Assign a ghost", assignees = new[] { "ghost" } });

        Assert.Equal("GitHub refused the request as invalid (HTTP 422): Validation Failed: assignees is invalid (value: ghost)", error);
        Assert.Single(_fake.Posts);
    }

    [Fact]
    public async Task Requests_CarryTheHeadersGitHubAsksFor_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        await harness.CallTextAsync("github_list_issues", new { repo = "octocat/hello-world" });

        var headers = Assert.Single(_fake.RequestHeaders);
        Assert.Equal($"Bearer {FakeGitHub.Token}", headers.Authorization.ToString());
        Assert.Equal("application/vnd.github+json", headers.Accept.ToString());
        Assert.Equal("2022-11-28", headers["X-GitHub-Api-Version"].ToString());
        Assert.StartsWith("McpBridge-GitHub/", headers.UserAgent.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnterpriseServer_ApiUnderApiV3_PrefixesEveryPath_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync(new JsonObject { ["apiBaseUrl"] = new Uri(_fake.BaseAddress, "api/v3").ToString() });

        var text = await harness.CallTextAsync("github_list_repos", new { owner = "octo-org", per_page = 2 });

        Assert.Contains("There is a next page: call github_list_repos again with page=2.", text, StringComparison.Ordinal);
        Assert.Equal(["GET /api/v3/orgs/octo-org/repos?sort=updated&per_page=2&page=1"], _fake.Requests);
    }

    [Fact]
    public async Task Timeout_BecomesAClearError_WhenGitHubDoesNotAnswer_AgainstLocalFakeGitHub()
    {
        var time = new FakeTimeProvider();
        await using var harness = await StartAsync(new JsonObject { ["timeoutSeconds"] = 5 }, time: time);

        var call = harness.CallAsync("github_list_issues", new { repo = "octocat/slow" });
        await _fake.SlowRequestArrived.Task.WaitAsync(TestTimeouts.Default);
        time.Advance(TimeSpan.FromSeconds(6));
        var result = await call;

        Assert.True(result.IsError);
        Assert.StartsWith($"GitHub at {_fake.BaseAddress} did not answer within 5 s.", McpTestHarness.Text(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github_read_file", """{"repo":"octocat/hello-world","path":"../../../user"}""", "is not a path inside the repository")]
    [InlineData("github_list_files", """{"repo":"octocat/hello-world","path":"src/./../.."}""", "is not a path inside the repository")]
    [InlineData("github_list_issues", """{"repo":"octocat/../../user"}""", "is not a repository name")]
    [InlineData("github_list_issues", """{"repo":"octocat/hello?x=1"}""", "is not a repository name")]
    [InlineData("github_list_issues", """{"repo":"hello-world"}""", "needs its owner")]
    [InlineData("github_list_repos", """{"owner":"octo-org/../user"}""", "is not a GitHub user or organization name")]
    [InlineData("github_list_repos", """{"per_page":101}""", "per_page must be between 1 and 100.")]
    [InlineData("github_get_issue", """{"repo":"octocat/hello-world","number":0}""", "number must be between 1")]
    [InlineData("github_list_issues", """{"repo":"octocat/hello-world","state":"merged"}""", "Invalid arguments for 'github_list_issues'")]
    [InlineData("github_create_issue", """{"repo":"octocat/hello-world","title":" "}""", "title is empty")]
    [InlineData("github_search_code", """{"query":""}""", "query is empty")]
    public async Task Arguments_ThatAreInvalidOrWouldChangeTheUrl_AreRefused_WithoutAskingGitHub_AgainstLocalFakeGitHub(string tool, string arguments, string expected)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync(tool, JsonNode.Parse(arguments)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Token_NeverAppearsInOutputOrErrors_EvenWhenAProxyEchoesIt_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var leaky = await harness.CallErrorAsync("github_list_issues", new { repo = "octocat/leaky" });
        var outputs = new[] { leaky, await harness.CallTextAsync("github_list_repos"), await harness.CallTextAsync("github_get_issue", new { repo = "octocat/hello-world", number = 1 }) };

        Assert.Equal("GitHub answered HTTP 502: upstream error; request had Authorization: Bearer ********", leaky);
        Assert.All(outputs, o => Assert.DoesNotContain(FakeGitHub.Token, o, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hosted_RefusesALoopbackApi_ByTheEgressGuard_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync(egress: new EgressGuard(new EgressOptions()));

        var error = await harness.CallErrorAsync("github_list_repos");

        Assert.Equal($"Cannot reach GitHub at {_fake.BaseAddress}: refusing to connect to 127.0.0.1: private or loopback address. A hosted server reaches only public addresses: a GitHub Enterprise Server must be reachable from the internet.", error);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public void Schema_MarksTheTokenSecret_DefaultsTheApiUrl_AndGivesFieldLevelErrors()
    {
        var connector = new GitHubConnector(new EgressGuard(new EgressOptions()));
        var config = new JsonObject { ["token"] = FakeGitHub.Token };

        var valid = ConfigValidation.Validate(connector.ConfigSchema, config);
        var invalid = ConfigValidation.Validate(connector.ConfigSchema, new JsonObject
        {
            ["token"] = "ghp_abc\r\nX-Injected: 1",
            ["apiBaseUrl"] = "api.github.com",
            ["owner"] = "-bad-",
            ["timeoutSeconds"] = 0,
            ["org"] = "x",
        });
        var missing = ConfigValidation.Validate(connector.ConfigSchema, new JsonObject());
        var plain = ConfigValidation.Split(valid.Normalized, connector.ConfigSchema, out var secrets);

        Assert.True(valid.IsValid);
        Assert.Equal("https://api.github.com", valid.Normalized["apiBaseUrl"]!.GetValue<string>());
        Assert.Equal(30, valid.Normalized["timeoutSeconds"]!.GetValue<long>());
        Assert.Equal(["token"], ConfigValidation.SecretFields(connector.ConfigSchema));
        Assert.False(plain.ContainsKey("token"));
        Assert.Equal(FakeGitHub.Token, secrets["token"]!.GetValue<string>());
        Assert.Equal(ConfigValidation.MaskedValue, ConfigValidation.Mask(config, connector.ConfigSchema)["token"]!.GetValue<string>());
        Assert.Equal(["token", "apiBaseUrl", "owner", "timeoutSeconds", "org"], invalid.Errors.Keys);
        Assert.Equal(["must be an absolute http:// or https:// URL"], invalid.Errors["apiBaseUrl"]);
        Assert.DoesNotContain(invalid.Describe(), e => e.Contains("X-Injected", StringComparison.Ordinal));
        Assert.Equal(["is required"], missing.Errors["token"]);
    }

    [Fact]
    public async Task CreateSource_RefusesAnInvalidConfig_WithoutRepeatingTheToken()
    {
        var connector = new GitHubConnector(new EgressGuard(new EgressOptions()));
        var context = new ConnectorContext
        {
            ServerId = "srv-test",
            InstanceName = "github",
            Config = new JsonObject { ["token"] = "ghp_secret value" },
            DataDirectory = _data.Path,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(context, TestTimeouts.Token()).AsTask());

        Assert.Contains("token: does not match the expected format", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://github.com/", "https://api.github.com/")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/api/v3/?x=1#y", "https://ghe.example.com/api/v3/")]
    public void BaseAddress_EndsWithASlash_AndMapsTheWebAddressToTheApi(string url, string expected) =>
        Assert.Equal(expected, GitHubConnector.BaseAddress(url).ToString());
}
