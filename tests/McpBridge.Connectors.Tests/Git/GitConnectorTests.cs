using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Git;
using McpBridge.Connectors.Tests.Harness;

namespace McpBridge.Connectors.Tests.Git;

/// <summary>The git tools over a real repository on this machine (<c>mcp-bridge start git --repo</c>).</summary>
public sealed class GitConnectorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestRepository _repo;

    public GitConnectorTests()
    {
        _repo = TestRepository.CreateSample(_temp.Combine("repo"));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<McpTestHarness> StartAsync(string? repo = null, GitRunnerOptions? runner = null)
    {
        var connector = new GitConnector(new EgressGuard(new EgressOptions { AllowPrivateNetworks = true }), allowCustomRepo: true, new GitCloneOptions(), runner);
        var source = await connector.CreateSourceAsync(ConnectorContexts.For(_temp.Combine("data"), new JsonObject { ["repo"] = repo ?? _repo.Path }), TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    [Fact]
    public async Task Tools_AreTheSevenReadOnlyGitTools()
    {
        await using var harness = await StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestTimeouts.Token());

        Assert.Equal(["git_branches", "git_diff", "git_log", "git_read_file", "git_search", "git_show", "git_status"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, t.Name));
        Assert.Equal(GitTools.All.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Status_ShowsBranchAndModifiedStagedAndUntrackedFiles()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("git_status");

        Assert.StartsWith("Branch: main\n", text, StringComparison.Ordinal);
        Assert.Contains("\n M README.md\n", text, StringComparison.Ordinal);
        Assert.Contains("\nM  src/app.txt\n", text, StringComparison.Ordinal);
        Assert.Contains("\n?? notes.txt\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SaysClean_WhenNothingChanged()
    {
        var clean = TestRepository.Init(_temp.Combine("clean"));
        clean.Write("a.txt", "a\n");
        clean.Commit("Only commit");
        await using var harness = await StartAsync(clean.Path);

        var text = await harness.CallTextAsync("git_status");

        Assert.Equal("Branch: main\nWorking tree clean: nothing modified, staged or untracked.", text);
    }

    [Fact]
    public async Task Log_ListsCommitsNewestFirst_WithMaxCountRevisionAndPathFilter()
    {
        await using var harness = await StartAsync();

        var all = await harness.CallTextAsync("git_log");
        var one = await harness.CallTextAsync("git_log", new { max_count = 1 });
        var feature = await harness.CallTextAsync("git_log", new { revision = "feature", max_count = 1 });
        var readme = await harness.CallTextAsync("git_log", new { path = "README.md" });
        var range = await harness.CallTextAsync("git_log", new { revision = "main..feature" });
        var none = await harness.CallTextAsync("git_log", new { path = "notes.txt" });

        Assert.True(all.IndexOf("Add line three", StringComparison.Ordinal) < all.IndexOf("Initial commit", StringComparison.Ordinal), all);
        Assert.Contains("Author: Test Author <author@example.com>", all, StringComparison.Ordinal);
        Assert.Contains("Date:   2024-01-01T12:02:00+00:00", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Add guide", all, StringComparison.Ordinal);
        Assert.Contains("Add line three", one, StringComparison.Ordinal);
        Assert.DoesNotContain("Initial commit", one, StringComparison.Ordinal);
        Assert.Contains("Add guide", feature, StringComparison.Ordinal);
        Assert.Contains("Initial commit", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("Add line three", readme, StringComparison.Ordinal);
        Assert.Single(range.Split('\n'), l => l.StartsWith("commit ", StringComparison.Ordinal));
        Assert.Equal("No commits touch 'notes.txt'.", none);
    }

    [Fact]
    public async Task Diff_ShowsUnstagedStagedAndBetweenRevisions()
    {
        await using var harness = await StartAsync();

        var unstaged = await harness.CallTextAsync("git_diff");
        var staged = await harness.CallTextAsync("git_diff", new { staged = true });
        var between = await harness.CallTextAsync("git_diff", new { from = "main~1", to = "main" });
        var filtered = await harness.CallTextAsync("git_diff", new { from = "main~1", to = "main", path = "README.md" });
        var stat = await harness.CallTextAsync("git_diff", new { from = "main", to = "feature", stat_only = true });
        var toWithoutFrom = await harness.CallErrorAsync("git_diff", new { to = "main" });

        Assert.Contains("+unstaged edit", unstaged, StringComparison.Ordinal);
        Assert.DoesNotContain("staged line", unstaged, StringComparison.Ordinal);
        Assert.Contains("+staged line", staged, StringComparison.Ordinal);
        Assert.DoesNotContain("unstaged edit", staged, StringComparison.Ordinal);
        Assert.Contains("+line three", between, StringComparison.Ordinal);
        Assert.DoesNotContain("staged line", between, StringComparison.Ordinal);
        Assert.Equal("No differences between main~1 and main in 'README.md'.", filtered);
        Assert.Contains("docs/guide.md | 1 +", stat, StringComparison.Ordinal);
        Assert.DoesNotContain("+The guide", stat, StringComparison.Ordinal);
        Assert.Contains("'to' needs 'from'", toWithoutFrom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_ShowsACommitWithItsPatch_AndFilesAndFoldersAtARevision()
    {
        await using var harness = await StartAsync();

        var commit = await harness.CallTextAsync("git_show");
        var statOnly = await harness.CallTextAsync("git_show", new { @object = "main~1", stat_only = true });
        var oldFile = await harness.CallTextAsync("git_show", new { @object = "HEAD~1:src/app.txt" });
        var folder = await harness.CallTextAsync("git_show", new { @object = "feature:docs" });
        var binary = await harness.CallTextAsync("git_show", new { @object = "HEAD:bin/data.bin" });

        Assert.Contains("Add line three", commit, StringComparison.Ordinal);
        Assert.Contains("+line three", commit, StringComparison.Ordinal);
        Assert.Contains("Initial commit", statOnly, StringComparison.Ordinal);
        Assert.Contains("README.md", statOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("+# Demo", statOnly, StringComparison.Ordinal);
        Assert.Equal("line one\nline two\n", oldFile);
        Assert.Contains("guide.md", folder, StringComparison.Ordinal);
        Assert.Contains("café notes.md", folder, StringComparison.Ordinal);
        Assert.Equal("'HEAD:bin/data.bin' is a binary file; it cannot be shown as text.", binary);
    }

    [Fact]
    public async Task Branches_ListsBranches_MarkingTheCurrentOne()
    {
        _repo.Git("tag", "v1.0", "main~1");
        await using var harness = await StartAsync();

        var branches = await harness.CallTextAsync("git_branches");
        var withTags = await harness.CallTextAsync("git_branches", new { include_tags = true });

        var lines = branches.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("* main ", StringComparison.Ordinal) && l.EndsWith("Add line three", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  feature ", StringComparison.Ordinal) && l.EndsWith("Add guide", StringComparison.Ordinal));
        Assert.DoesNotContain("v1.0", branches, StringComparison.Ordinal);
        Assert.Contains("  v1.0 ", withTags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFile_ReadsAFileAtARevision_AndRefusesBinaryFilesFoldersAndMissingFiles()
    {
        await using var harness = await StartAsync();

        var head = await harness.CallTextAsync("git_read_file", new { path = "src/app.txt" });
        var older = await harness.CallTextAsync("git_read_file", new { path = "./src//app.txt", revision = "HEAD~1" });
        var onFeature = await harness.CallTextAsync("git_read_file", new { path = "docs/guide.md", revision = "feature" });
        var unicode = await harness.CallTextAsync("git_read_file", new { path = "docs/café notes.md" });
        var binary = await harness.CallErrorAsync("git_read_file", new { path = "bin/data.bin" });
        var folder = await harness.CallErrorAsync("git_read_file", new { path = "src" });
        var missing = await harness.CallErrorAsync("git_read_file", new { path = "docs/guide.md" });
        var unknownRevision = await harness.CallErrorAsync("git_read_file", new { path = "README.md", revision = "no-such-branch" });

        Assert.Equal("line one\nline two\nline three\n", head);
        Assert.Equal("line one\nline two\n", older);
        Assert.Equal("The guide\n", onFeature);
        Assert.Equal("Notes with --verbose flags\n", unicode);
        Assert.Equal("'bin/data.bin' is a binary file; only text files can be read.", binary);
        Assert.Contains("'src' is a folder at HEAD", folder, StringComparison.Ordinal);
        Assert.Contains("docs/guide.md", missing, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing, StringComparison.Ordinal);
        Assert.Contains("no-such-branch", unknownRevision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FindsMatchesWithLineNumbers_InTheWorkingTreeOrAtARevision()
    {
        await using var harness = await StartAsync();

        var matches = await harness.CallTextAsync("git_search", new { pattern = "line t(wo|hree)" });
        var atFeature = await harness.CallTextAsync("git_search", new { pattern = "GUIDE", revision = "feature", ignore_case = true });
        var filtered = await harness.CallTextAsync("git_search", new { pattern = "line", path = "README.md" });
        var dashPattern = await harness.CallTextAsync("git_search", new { pattern = "--verbose", fixed_strings = true });
        var limited = await harness.CallTextAsync("git_search", new { pattern = "line", max_results = 1 });

        Assert.Equal("src/app.txt:2:line two\nsrc/app.txt:3:line three\n", matches);
        Assert.Equal("feature:docs/guide.md:1:The guide\n", atFeature);
        Assert.Equal("No matches for 'line' in 'README.md'.", filtered);
        Assert.Equal("docs/café notes.md:1:Notes with --verbose flags\n", dashPattern);
        Assert.StartsWith("src/app.txt:1:line one\n[Only the first 1 matches are shown", limited, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> OptionLikeArguments => new()
    {
        { "git_log", """{"revision":"--output=PWNED"}""", "must not start with '-'" },
        { "git_log", """{"path":"--output=PWNED"}""", "must not start with '-'" },
        { "git_diff", """{"from":"--output=PWNED"}""", "must not start with '-'" },
        { "git_diff", """{"from":"HEAD","to":"--output=PWNED"}""", "must not start with '-'" },
        { "git_show", """{"object":"--output=PWNED"}""", "must not start with '-'" },
        { "git_show", """{"object":"HEAD:--output=PWNED"}""", "must not start with '-'" },
        { "git_read_file", """{"path":"--output=PWNED"}""", "must not start with '-'" },
        { "git_read_file", """{"path":"README.md","revision":"--output=PWNED"}""", "must not start with '-'" },
        { "git_search", """{"pattern":"x","revision":"--open-files-in-pager=touch PWNED"}""", "must not start with '-'" },
        { "git_read_file", """{"path":"../outside.txt"}""", "leaves the repository" },
        { "git_read_file", """{"path":"src/../../outside.txt"}""", "leaves the repository" },
        { "git_read_file", """{"path":"/etc/passwd"}""", "must be relative" },
        { "git_log", """{"path":"/etc"}""", "must be relative" },
        { "git_show", """{"object":"HEAD:../../etc/passwd"}""", "leaves the repository" },
    };

    [Theory]
    [MemberData(nameof(OptionLikeArguments))]
    public async Task Arguments_ThatCouldBecomeOptionsOrLeaveTheRepository_AreRefused(string tool, string arguments, string expected)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync(tool, JsonNode.Parse(arguments)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo.Path, "PWNED")));
        Assert.False(File.Exists("PWNED"));
    }

    [Fact]
    public async Task Output_IsCutAtTheCap_WithANoteSayingSo()
    {
        for (var i = 0; i < 40; i++)
        {
            _repo.Commit($"Commit number {i} with a message long enough to fill the output", allowEmpty: true);
        }

        await using var harness = await StartAsync(runner: new GitRunnerOptions { Isolated = false, MaxOutputBytes = 2000 });

        var text = await harness.CallTextAsync("git_log", new { max_count = 500 });

        Assert.Contains("[Output truncated after 1 KiB.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Initial commit", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_FindsTheRepository_FromAFolderInsideIt()
    {
        await using var harness = await StartAsync(Path.Combine(_repo.Path, "src"));

        var text = await harness.CallTextAsync("git_read_file", new { path = "README.md" });

        Assert.Equal("# Demo\n", text);
    }

    [Fact]
    public async Task Local_RefusesAFolderThatIsNotAGitRepository_WithAClearError()
    {
        var plain = _temp.Combine("plain");
        Directory.CreateDirectory(plain);
        var connector = new GitConnector(allowCustomRepo: true);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(ConnectorContexts.For(_temp.Combine("data"), new JsonObject { ["repo"] = plain }), TestTimeouts.Token()).AsTask());
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(ConnectorContexts.For(_temp.Combine("data"), new JsonObject { ["repo"] = _temp.Combine("nope") }), TestTimeouts.Token()).AsTask());

        Assert.StartsWith($"'{plain}' is not a git repository", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"The folder '{_temp.Combine("nope")}' does not exist.", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_NeedsRepoOrUrl_ButNotBoth()
    {
        var connector = new GitConnector(allowCustomRepo: true);

        var neither = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(ConnectorContexts.For(_temp.Path, []), TestTimeouts.Token()).AsTask());
        var both = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(
            ConnectorContexts.For(_temp.Path, new JsonObject { ["repo"] = _repo.Path, ["url"] = "https://example.com/r.git" }), TestTimeouts.Token()).AsTask());

        Assert.Contains("set repo", neither.Message, StringComparison.Ordinal);
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_ServesABareRepository_WhereWorkingTreeToolsSayWhy()
    {
        var bare = _temp.Combine("bare.git");
        _repo.Git("clone", "--quiet", "--bare", _repo.Path, bare);
        await using var harness = await StartAsync(bare);

        var log = await harness.CallTextAsync("git_log", new { max_count = 1 });
        var status = await harness.CallErrorAsync("git_status");

        Assert.Contains("Add line three", log, StringComparison.Ordinal);
        Assert.Contains("work tree", status, StringComparison.Ordinal);
    }
}
