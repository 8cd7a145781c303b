using System.Text.Json.Nodes;
using McpBridge.Connectors.GitHub;
using McpBridge.Connectors.Tests.Harness;

namespace McpBridge.Connectors.Tests.GitHub;

/// <summary>Every tool's happy path, paging and cutting, against a local server that answers like GitHub's REST API.</summary>
public sealed class GitHubToolsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private FakeGitHub _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _data.Dispose();

    private Task<McpTestHarness> StartAsync(JsonObject? config = null) => GitHubHarness.StartAsync(_fake, _data.Path, config);

    [Fact]
    public async Task ListRepos_ListsTheTokensRepositories_AsCompactLines_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_list_repos");

        Assert.Equal(
            "Repositories the token can access (owner/name | visibility | default branch | language | stars | updated | description):\n" +
            "octocat/hello-world | public | main | C# | 42 stars | 2024-05-20T08:00:00Z | The hello-world project / with a pipe and a newline\n" +
            "octocat/secret-plans | private | main | - | 42 stars | 2024-05-20T08:00:00Z | -\n" +
            "[Page 1, 2 shown. This is the last page.]\n",
            text);
        Assert.Contains("GET /user/repos?sort=updated&per_page=30&page=1", _fake.Requests);
    }

    [Fact]
    public async Task ListRepos_PagesThroughAnOrganization_ByTheLinkHeader_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var first = await harness.CallTextAsync("github_list_repos", new { owner = "octo-org", per_page = 2 });
        var last = await harness.CallTextAsync("github_list_repos", new { owner = "octo-org", per_page = 2, page = 3 });

        Assert.StartsWith("Repositories of octo-org (", first, StringComparison.Ordinal);
        Assert.Contains("octo-org/project-1 | public |", first, StringComparison.Ordinal);
        Assert.Contains("octo-org/project-2 | private |", first, StringComparison.Ordinal);
        Assert.EndsWith("[Page 1 of 3, 2 shown. There is a next page: call github_list_repos again with page=2.]\n", first, StringComparison.Ordinal);
        Assert.Contains("octo-org/project-5 | public, archived |", last, StringComparison.Ordinal);
        Assert.EndsWith("[Page 3, 1 shown. This is the last page.]\n", last, StringComparison.Ordinal);
        Assert.Contains("GET /orgs/octo-org/repos?sort=updated&per_page=2&page=3", _fake.Requests);
    }

    [Fact]
    public async Task ListRepos_FallsBackToAUsersRepositories_WhenTheOwnerIsNoOrganization_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_list_repos", new { owner = "octocat" });
        var missing = await harness.CallErrorAsync("github_list_repos", new { owner = "nobody-here" });

        Assert.Contains("octocat/hello-world | public |", text, StringComparison.Ordinal);
        Assert.Equal(["GET /orgs/octocat/repos?sort=updated&per_page=30&page=1", "GET /users/octocat/repos?sort=updated&per_page=30&page=1"], _fake.Requests.Take(2));
        Assert.Equal("Not found, or the token cannot see it: user or organization 'nobody-here' (HTTP 404). Check the spelling; for a private repository, the token needs access to it.", missing);
    }

    [Fact]
    public async Task ListRepos_ListsAnInstallationsRepositories_ForAnAppInstallationToken_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync(new JsonObject { ["token"] = FakeGitHub.InstallationToken });

        var text = await harness.CallTextAsync("github_list_repos");

        Assert.StartsWith("Repositories this GitHub App installation can access (", text, StringComparison.Ordinal);
        Assert.Contains("octo-org/project-1 | private | main | Go |", text, StringComparison.Ordinal);
        Assert.Contains("GET /installation/repositories?per_page=30&page=1", _fake.Requests);
    }

    [Fact]
    public async Task ListFiles_ListsADirectory_FoldersFirst_AtARef_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var top = await harness.CallTextAsync("github_list_files", new { repo = "octocat/hello-world" });
        var src = await harness.CallTextAsync("github_list_files", new { repo = "octocat/hello-world", path = "/src/", @ref = "v1.0" });
        var file = await harness.CallTextAsync("github_list_files", new { repo = "octocat/hello-world", path = "README.md" });

        Assert.Equal(
            "6 entries in octocat/hello-world/ at the default branch (type | path | size):\n" +
            "dir | src/ | -\n" +
            "file | big.txt | 153000 bytes\n" +
            "symlink | docs-link | -\n" +
            $"file | huge.log | {FakeGitHub.Files["huge.log"].Length} bytes\n" +
            "file | logo.png | 16 bytes\n" +
            "file | README.md | 35 bytes\n",
            top);
        Assert.Equal("1 entries in octocat/hello-world/src at 'v1.0' (type | path | size):\nfile | src/app.py | 15 bytes\n", src);
        Assert.Equal("'README.md' is a file (35 bytes), not a directory; read it with github_read_file.", file);
        Assert.Contains("GET /repos/octocat/hello-world/contents", _fake.Requests);
        Assert.Contains("GET /repos/octocat/hello-world/contents/src?ref=v1.0", _fake.Requests);
    }

    [Fact]
    public async Task ReadFile_DecodesTheBase64Content_AtARef_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var main = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "README.md" });
        var tagged = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "README.md", @ref = "v1.0" });

        Assert.Equal("octocat/hello-world/README.md at the default branch (35 bytes), lines 1-3 of 3:\n# Hello World\n\nA first repository.", main);
        Assert.Equal("octocat/hello-world/README.md at 'v1.0' (19 bytes), lines 1-1 of 1:\n# Hello World v1.0", tagged);
    }

    [Fact]
    public async Task ReadFile_RefusesABinaryFile_AndExplainsDirectoriesAndLinks_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var binary = await harness.CallErrorAsync("github_read_file", new { repo = "octocat/hello-world", path = "logo.png" });
        var directory = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "src" });
        var link = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "docs-link" });

        Assert.Equal("'logo.png' is a binary file (16 bytes); only text files can be read.", binary);
        Assert.Equal("'src' is a directory; list it with github_list_files.", directory);
        Assert.Equal("'docs-link' is a symbolic link to 'docs/index.md'.", link);
    }

    [Fact]
    public async Task ReadFile_CutsALongFile_WithATruncatedNote_AndReadsOnFromStartLine_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var first = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "big.txt" });
        var next = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "big.txt", start_line = 981 });
        var end = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "big.txt", start_line = 2999 });

        // Each line is 51 characters with its newline: 980 of them fit in 50,000.
        Assert.StartsWith("octocat/hello-world/big.txt at the default branch (153,000 bytes), lines 1-980:\nline 0001 ", first, StringComparison.Ordinal);
        Assert.EndsWith("line 0980 " + new string('x', 40) + "\n[Truncated: lines 1-980 shown. Call github_read_file again with start_line=981 to read on.]", first, StringComparison.Ordinal);
        Assert.StartsWith("octocat/hello-world/big.txt at the default branch (153,000 bytes), lines 981-1960:\nline 0981 ", next, StringComparison.Ordinal);
        Assert.Equal($"octocat/hello-world/big.txt at the default branch (153,000 bytes), lines 2999-3000 of 3000:\nline 2999 {new string('x', 40)}\nline 3000 {new string('x', 40)}", end);
        Assert.True(first.Length < GitHubTools.MaxTextChars + 300);
    }

    [Fact]
    public async Task ReadFile_ReadsAFileOverOneMegabyte_Raw_UpToTheCap_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "huge.log" });
        var past = await harness.CallTextAsync("github_read_file", new { repo = "octocat/hello-world", path = "huge.log", start_line = 50_000 });

        Assert.StartsWith($"octocat/hello-world/huge.log at the default branch ({FakeGitHub.Files["huge.log"].Length:N0} bytes), lines 1-781:\nevent 000001 ", text, StringComparison.Ordinal);
        Assert.EndsWith("[Truncated: lines 1-781 shown. Call github_read_file again with start_line=782 to read on.]", text, StringComparison.Ordinal);
        Assert.StartsWith("Only the first 32767 lines of 'huge.log' (2 MiB of", past, StringComparison.Ordinal);

        // The contents API first (no content for files over 1 MB), then the raw media type.
        var headers = _fake.RequestHeaders.ToArray();
        Assert.Equal("application/vnd.github+json", headers[0].Accept.ToString());
        Assert.Equal("application/vnd.github.raw+json", headers[1].Accept.ToString());
    }

    [Fact]
    public async Task SearchCode_ReturnsRepositoryPathAndFragment_ScopedToARepo_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_search_code", new { query = "hello language:python", repo = "octocat/hello-world", per_page = 2 });

        Assert.Equal(
            "42 results for 'hello language:python repo:octocat/hello-world' (repository | path, then the matching fragment):\n" +
            "octocat/hello-world | src/app.py\n" +
            "    # top\n    print('hello')\n" +
            "octo-org/project-2 | main.go\n" +
            "    # top\n    fmt.Println(\"hello\")\n" +
            "[Page 1 of 21, 2 shown. There is a next page: call github_search_code again with page=2.]\n",
            text);
        Assert.Contains("GET /search/code?q=hello%20language%3Apython%20repo%3Aoctocat%2Fhello-world&per_page=2&page=1", _fake.Requests);
        Assert.Equal("application/vnd.github.text-match+json", Assert.Single(_fake.RequestHeaders).Accept.ToString());
    }

    [Fact]
    public async Task ListIssues_FiltersByStateAndLabels_AndMarksPullRequests_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var open = await harness.CallTextAsync("github_list_issues", new { repo = "octocat/hello-world" });
        var bugs = await harness.CallTextAsync("github_list_issues", new { repo = "octocat/hello-world", labels = "bug, ui", state = "all" });
        var closed = await harness.CallTextAsync("github_list_issues", new { repo = "octocat/hello-world", state = "closed", per_page = 1 });

        Assert.Equal(
            "Open issues in octocat/hello-world (#number | state | title | labels | author | comments | updated):\n" +
            "#1 | open | Crash on start / when offline | bug | octocat | 3 comments | 2024-05-11T09:00:00Z\n" +
            "#3 | open (pull request) | Add greeting | - | octocat | 0 comments | 2024-05-13T09:00:00Z\n" +
            "#4 | open | Button misaligned | bug, ui | octocat | 0 comments | 2024-05-14T09:00:00Z\n" +
            "[Page 1, 3 shown. This is the last page.]\n",
            open);
        Assert.StartsWith("All issues in octocat/hello-world labelled bug, ui (", bugs, StringComparison.Ordinal);
        Assert.Contains("#4 | open | Button misaligned", bugs, StringComparison.Ordinal);
        Assert.DoesNotContain("#1 |", bugs, StringComparison.Ordinal);
        Assert.Contains("#2 | closed | Old request | enhancement |", closed, StringComparison.Ordinal);
        Assert.Contains("GET /repos/octocat/hello-world/issues?state=all&sort=updated&labels=bug%2Cui&per_page=30&page=1", _fake.Requests);
    }

    [Fact]
    public async Task GetIssue_ReturnsTheIssueAndItsComments_EachCut_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_get_issue", new { repo = "octocat/hello-world", number = 1 });
        var longBody = await harness.CallTextAsync("github_get_issue", new { repo = "octocat/hello-world", number = 4 });
        var pull = await harness.CallTextAsync("github_get_issue", new { repo = "octocat/hello-world", number = 3 });

        Assert.StartsWith(
            "#1 Crash on start | when offline\n" +
            "state: open | author: octocat | created 2024-05-01T09:00:00Z | updated 2024-05-11T09:00:00Z\n" +
            "labels: bug | assignees: hubot | milestone: none | comments: 3\n" +
            "url: https://github.com/octocat/hello-world/issues/1\n\n" +
            "The app crashes.\n\nSteps: start it without network.\n\n" +
            "Comments (3 in all), oldest first:\n\n" +
            "--- octocat at 2024-05-01T10:00:00Z:\nComment 1: looks good\n\n" +
            "--- hubot at 2024-05-02T10:00:00Z:\nComment 2: looks good\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("[Truncated: 4,000 of 5,011 characters shown. The rest is on GitHub.]", text, StringComparison.Ordinal);
        Assert.EndsWith("[Page 1, 3 shown. This is the last page.]\n", text, StringComparison.Ordinal);
        Assert.Contains("[Truncated: 10,000 of 12,000 characters shown. The rest is on GitHub at the url above.]", longBody, StringComparison.Ordinal);
        Assert.Contains("This is a pull request: github_get_pull_request shows its branches and diff.", pull, StringComparison.Ordinal);

        // An issue without comments costs one request.
        Assert.Equal(4, _fake.Requests.Count);
        Assert.Contains("GET /repos/octocat/hello-world/issues/1/comments?per_page=30&page=1", _fake.Requests);
    }

    [Fact]
    public async Task CreateIssue_PostsTitleBodyLabelsAndAssignees_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync(new JsonObject { ["owner"] = "octocat" });

        var text = await harness.CallTextAsync("github_create_issue", new { repo = "hello-world", title = "  Dark mode  ", body = "Please **add** it.", labels = new[] { "enhancement" }, assignees = new[] { "hubot" } });

        Assert.Equal("Created issue #5 in octocat/hello-world: https://github.com/octocat/hello-world/issues/5", text);
        var (path, body) = Assert.Single(_fake.Posts);
        Assert.Equal("/repos/octocat/hello-world/issues", path);
        Assert.Equal("""{"title":"Dark mode","body":"Please **add** it.","labels":["enhancement"],"assignees":["hubot"]}""", body.ToJsonString());
    }

    [Fact]
    public async Task AddComment_PostsTheMarkdownBody_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_add_comment", new { repo = "octocat/hello-world", number = 1, body = "Fixed in #3." });
        var empty = await harness.CallErrorAsync("github_add_comment", new { repo = "octocat/hello-world", number = 1, body = "  " });

        Assert.Equal("Commented on #1 in octocat/hello-world: https://github.com/octocat/hello-world/issues/1#issuecomment-2001", text);
        Assert.Equal("body is empty: write the comment's text.", empty);
        var (path, body) = Assert.Single(_fake.Posts);
        Assert.Equal("/repos/octocat/hello-world/issues/1/comments", path);
        Assert.Equal("""{"body":"Fixed in #3."}""", body.ToJsonString());
    }

    [Fact]
    public async Task ListPullRequests_ShowsStateBranchesAndAuthor_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var all = await harness.CallTextAsync("github_list_pull_requests", new { repo = "octocat/hello-world", state = "all", @base = "main" });

        Assert.Equal(
            "All pull requests in octocat/hello-world into main (#number | state | title | head -> base | author | updated):\n" +
            "#3 | open (draft) | Add greeting | octocat:feature-3 -> main | octocat | 2024-05-14T09:00:00Z\n" +
            "#8 | merged | Load data from CSV | octocat:feature-8 -> main | octocat | 2024-05-14T09:00:00Z\n" +
            "[Page 1, 2 shown. This is the last page.]\n",
            all);
        Assert.Contains("GET /repos/octocat/hello-world/pulls?state=all&sort=updated&direction=desc&base=main&per_page=30&page=1", _fake.Requests);
    }

    [Fact]
    public async Task GetPullRequest_ReturnsTheSummaryAndTheDiff_InTheDiffMediaType_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_get_pull_request", new { repo = "octocat/hello-world", number = 3 });
        var withoutDiff = await harness.CallTextAsync("github_get_pull_request", new { repo = "octocat/hello-world", number = 3, include_diff = false });

        Assert.Equal(
            "#3 Add greeting\n" +
            "state: open (draft) | author: octocat | octocat:feature-3 -> main | head commit: abc3def\n" +
            "commits: 2 | files changed: 1 | +1 -1 | comments: 3 | mergeable: yes | created 2024-05-13T09:00:00Z | updated 2024-05-14T09:00:00Z\n" +
            "labels: none | reviewers requested: hubot\n" +
            "url: https://github.com/octocat/hello-world/pull/3\n\n" +
            "Greets the world.\n\nCloses #1.\n\n" +
            "Diff:\n" +
            "diff --git a/src/app.py b/src/app.py\nindex 1111111..2222222 100644\n--- a/src/app.py\n+++ b/src/app.py\n@@ -1 +1 @@\n-print('hello')\n+print('hello, world')\n",
            text);
        Assert.DoesNotContain("Diff:", withoutDiff, StringComparison.Ordinal);
        var accepts = _fake.RequestHeaders.Select(h => h.Accept.ToString()).ToArray();
        Assert.Equal(["application/vnd.github+json", "application/vnd.github.diff", "application/vnd.github+json"], accepts);
    }

    [Fact]
    public async Task GetPullRequest_CutsAHugeDiff_AndListsTheChangedFiles_AgainstLocalFakeGitHub()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("github_get_pull_request", new { repo = "octocat/hello-world", number = 8 });

        Assert.Contains("state: merged | author: octocat", text, StringComparison.Ordinal);
        Assert.Contains("(no description)", text, StringComparison.Ordinal);
        Assert.Contains("[Truncated: the diff is 183,975 characters; the first 50,000 characters are shown. Read a changed file whole with github_read_file at ref 'abc8def'.]", text, StringComparison.Ordinal);
        Assert.EndsWith(
            "Changed files (status | path | +added -deleted):\n" +
            "added | data.csv | +5000 -0\n" +
            "renamed | src/load.py (from src/old_load.py) | +3 -1\n",
            text,
            StringComparison.Ordinal);
        Assert.True(text.Length < GitHubTools.MaxTextChars + 2000);
        Assert.Contains("GET /repos/octocat/hello-world/pulls/8/files?per_page=100", _fake.Requests);
    }

    [Fact]
    public async Task Tools_AreListed_WithRequiredArgsAndEnums_AndOnlyCreateAndCommentWrite()
    {
        await using var harness = await StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestTimeouts.Token());

        Assert.Equal(GitHubTools.All.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["github_add_comment", "github_create_issue"], tools.Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint != true).Select(t => t.Name).Order(StringComparer.Ordinal));
        var listIssues = JsonNode.Parse(Assert.Single(tools, t => t.Name == "github_list_issues").JsonSchema.GetRawText())!;
        Assert.Equal(["repo"], listIssues["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["open", "closed", "all"], listIssues["properties"]!["state"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()));
        var create = JsonNode.Parse(Assert.Single(tools, t => t.Name == "github_create_issue").JsonSchema.GetRawText())!;
        Assert.Equal(["repo", "title"], create["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var read = JsonNode.Parse(Assert.Single(tools, t => t.Name == "github_read_file").JsonSchema.GetRawText())!;
        Assert.True(read["properties"]!.AsObject().ContainsKey("ref"));
    }
}
