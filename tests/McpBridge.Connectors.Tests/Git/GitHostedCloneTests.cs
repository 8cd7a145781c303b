using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Git;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;

namespace McpBridge.Connectors.Tests.Git;

/// <summary>
/// The hosted git connector: a shallow clone of an https repository on first use, through the egress guard and
/// git's protocol rules. "The internet" is a local https git server (git http-backend behind Kestrel).
/// </summary>
public sealed class GitHostedCloneTests : IClassFixture<GitServerFixture>, IDisposable
{
    private const int Commits = GitServerFixture.Commits;

    private readonly TempDirectory _temp = new();
    private readonly GitServerFixture _fixture;
    private readonly LocalHttpsGitServer _server;

    /// <summary>Tags this test's URLs (see <see cref="LocalHttpsGitServer"/>), so that its requests can be told apart.</summary>
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public GitHostedCloneTests(GitServerFixture fixture)
    {
        _fixture = fixture;
        _server = fixture.Server;
    }

    public void Dispose() => _temp.Dispose();

    private string DataDirectory => _temp.Combine("data");

    private string Url(string host = "127.0.0.1", string repository = "repo.git") => $"https://{host}:{_server.Port}/t/{_tag}/{repository}";

    /// <summary>Whether any request of this test reached the git server.</summary>
    private bool ServerWasAsked => _server.RequestPaths.Any(p => p.StartsWith($"/t/{_tag}/", StringComparison.Ordinal));

    /// <summary>A hosted connector; <paramref name="allowLocalServer"/> lets the egress guard reach the local git server, as an operator's Egress:AllowedHosts would.</summary>
    private GitConnector Hosted(bool allowLocalServer = true, long? maxBytes = null, TimeSpan? timeout = null) => new(
        new EgressGuard(new EgressOptions { AllowedHosts = allowLocalServer ? [$"127.0.0.1:{_server.Port}", $"localhost:{_server.Port}"] : [] }),
        allowCustomRepo: false,
        new GitCloneOptions
        {
            ExtraConfig = [$"http.sslCAInfo={_server.CertificatePath}"],
            MaxBytes = maxBytes ?? new GitCloneOptions().MaxBytes,
            Timeout = timeout ?? new GitCloneOptions().Timeout,
        },
        runnerOptions: null);

    private async Task<McpTestHarness> StartAsync(GitConnector connector, JsonObject config, RecordingEventSink? events = null)
    {
        var source = await connector.CreateSourceAsync(ConnectorContexts.For(DataDirectory, config, instance: "code", events: events), TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    private string[] CloneFolders() =>
        Directory.Exists(Path.Combine(DataDirectory, "git")) ? Directory.GetDirectories(Path.Combine(DataDirectory, "git")) : [];

    [Fact]
    public async Task Hosted_ClonesShallowOnFirstUse_AndDeletesTheCloneWhenStopped_AgainstLocalHttpsGitServer()
    {
        var leftover = Path.Combine(DataDirectory, "git", "code.0badf00d");
        Directory.CreateDirectory(leftover);
        var events = new RecordingEventSink();
        var harness = await StartAsync(Hosted(), new JsonObject { ["url"] = Url() }, events);
        await using (harness)
        {
            Assert.False(ServerWasAsked);

            var log = await harness.CallTextAsync("git_log", new { max_count = 500 });
            var file = await harness.CallTextAsync("git_read_file", new { path = "src/app.txt" });
            var status = await harness.CallTextAsync("git_status");
            Assert.True(ServerWasAsked);

            Assert.Equal(new GitCloneOptions().Depth, log.Split('\n').Count(l => l.StartsWith("commit ", StringComparison.Ordinal)));
            Assert.Contains($"Commit {Commits}", log, StringComparison.Ordinal);
            Assert.DoesNotContain("    First", log, StringComparison.Ordinal);
            Assert.Equal("served content\n", file);
            Assert.Contains("Working tree clean", status, StringComparison.Ordinal);
            await events.WaitForAsync(m => m.StartsWith($"Cloned {Url()}: ", StringComparison.Ordinal));
            Assert.False(Directory.Exists(leftover), "a clone left behind by an earlier run is removed");
            Assert.Single(CloneFolders());
        }

        Assert.Empty(CloneFolders());
    }

    [Fact]
    public async Task Hosted_ClonesTheConfiguredBranch_ThroughAPinnedHostName_AgainstLocalHttpsGitServer()
    {
        var harness = await StartAsync(Hosted(), new JsonObject { ["url"] = Url("localhost"), ["branch"] = "release" });
        await using (harness)
        {
            var notes = await harness.CallTextAsync("git_read_file", new { path = "RELEASE.md" });
            var branches = await harness.CallTextAsync("git_branches");

            Assert.Equal("release notes\n", notes);
            Assert.Contains("* release ", branches, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hosted_ExplainsAMissingRepositoryOrBranch_AgainstLocalHttpsGitServer()
    {
        var missingRepo = await StartAsync(Hosted(), new JsonObject { ["url"] = Url(repository: "nope.git") });
        await using (missingRepo)
        {
            var error = await missingRepo.CallErrorAsync("git_log");

            Assert.StartsWith($"Could not clone {Url(repository: "nope.git")}: the repository does not exist or is not public", error, StringComparison.Ordinal);
        }

        var missingBranch = await StartAsync(Hosted(), new JsonObject { ["url"] = Url(), ["branch"] = "no-such-branch" });
        await using (missingBranch)
        {
            var error = await missingBranch.CallErrorAsync("git_log");

            Assert.Equal($"Could not clone {Url()}: the branch 'no-such-branch' does not exist in the repository.", error);
        }

        Assert.Empty(CloneFolders());
    }

    [Fact]
    public async Task Hosted_RefusesACloneLargerThanTheCap_AgainstLocalHttpsGitServer()
    {
        var harness = await StartAsync(Hosted(maxBytes: 512 * 1024), new JsonObject { ["url"] = Url(), ["branch"] = "big" });
        await using (harness)
        {
            var error = await harness.CallErrorAsync("git_log");

            Assert.Equal($"Cannot clone {Url()}: the repository is larger than 512 KiB, the most a hosted clone may take.", error);
            Assert.DoesNotContain(CloneFolders(), f => Directory.EnumerateFileSystemEntries(f).Any());
        }
    }

    [Fact]
    public async Task Hosted_StopsACloneThatTakesTooLong_AgainstLocalHttpsGitServer()
    {
        var url = $"https://127.0.0.1:{_server.Port}/stalled/repo.git";
        var harness = await StartAsync(Hosted(timeout: TimeSpan.FromSeconds(2)), new JsonObject { ["url"] = url });
        await using (harness)
        {
            var error = await harness.CallErrorAsync("git_log");

            Assert.Equal($"Cloning {url} took longer than 2 s and was stopped.", error);
            Assert.Empty(CloneFolders());
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "refusing to connect to 127.0.0.1: private or loopback address")]
    [InlineData("localhost", "refusing to connect to localhost (")]
    public async Task Hosted_RefusesALoopbackHost_ByTheEgressGuard_AgainstLocalHttpsGitServer(string host, string expected)
    {
        var harness = await StartAsync(Hosted(allowLocalServer: false), new JsonObject { ["url"] = Url(host) });
        await using (harness)
        {
            var error = await harness.CallErrorAsync("git_log");

            Assert.StartsWith($"Cannot clone {Url(host)}: {expected}", error, StringComparison.Ordinal);
            Assert.False(ServerWasAsked);
            Assert.Empty(CloneFolders());
        }
    }

    [Theory]
    [InlineData("file:///srv/repo.git", "must be an absolute http:// or https:// URL")]
    [InlineData("http://127.0.0.1/repo.git", "does not match the expected format")]
    [InlineData("ssh://git@example.com/repo.git", "must be an absolute http:// or https:// URL")]
    public void Hosted_Schema_RefusesUrlsThatAreNotHttps(string url, string expected)
    {
        var result = ConfigValidation.Validate(Hosted().ConfigSchema, new JsonObject { ["url"] = url });

        Assert.False(result.IsValid);
        Assert.Contains(expected, string.Join(" ", result.Errors["url"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Hosted_Schema_HasNoRepoSetting_AndNeedsAUrl()
    {
        var result = ConfigValidation.Validate(Hosted().ConfigSchema, new JsonObject { ["repo"] = "/etc" });

        Assert.False(result.IsValid);
        Assert.Contains("is not a known setting", result.Errors["repo"][0], StringComparison.Ordinal);
        Assert.Equal(["is required"], result.Errors["url"]);
    }

    [Theory]
    [InlineData("https://user:secret@example.com/repo.git", null, "must not contain a user name or password")]
    [InlineData("https://example.com/repo.git", "-x", "branch: does not match the expected format")]
    [InlineData("https://example.com/repo.git", "a..b", "'a..b' is not a valid branch name")]
    public async Task Hosted_RefusesCredentialsInTheUrlAndBadBranches_AtCreation(string url, string? branch, string expected)
    {
        var connector = new GitConnector(new EgressGuard(new EgressOptions()));
        var config = new JsonObject { ["url"] = url };
        if (branch is not null)
        {
            config["branch"] = branch;
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(ConnectorContexts.For(DataDirectory, config), TestTimeouts.Token()).AsTask());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file", "transport 'file' not allowed")]
    [InlineData("http", "transport 'http' not allowed")]
    public async Task Clone_RefusesFileAndHttpTransports_ByGitsProtocolRules_EvenPastTheUrlCheck(string scheme, string expected)
    {
        // Straight to the clone, as if the URL check and the egress guard had both let the URL through.
        var url = scheme == "file" ? new Uri($"file://{_fixture.RepositoryPath}") : new Uri($"http://127.0.0.1:{_server.Port}/t/{_tag}/repo.git");
        await using var clone = new GitClone(url, branch: null, DataDirectory, "code", new EgressGuard(new EgressOptions { AllowPrivateNetworks = true }),
            new GitRunnerOptions { Isolated = true }, new GitCloneOptions(), events: null, NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<McpException>(() => clone.CloneFromAsync([], TestTimeouts.Token()));

        Assert.Contains("only https:// repositories may be cloned", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(clone.Folder));
        Assert.False(ServerWasAsked);
    }
}
