using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.GitHub;

/// <summary>
/// The GitHub connector's tools. Answers are compact text picked from GitHub's JSON (never the raw JSON), lists say
/// which page they are and whether there is a next one, and whatever is cut says so and how to read on.
/// </summary>
internal sealed partial class GitHubTools
{
    public static readonly ConnectorToolInfo ListReposInfo = new(
        "github_list_repos",
        "List GitHub repositories, most recently updated first, one per line as 'owner/name | visibility | default branch | language | stars | updated | description'. Without owner: the repositories the token can access (its own, its organizations', where it collaborates). With owner: that organization's or user's repositories. Paged: when the answer says there is a next page, call again with that page.");

    public static readonly ConnectorToolInfo ListFilesInfo = new(
        "github_list_files",
        "List the files and folders in a directory of a GitHub repository at a branch, tag or commit (default: the default branch). Use path '' for the top level, then read files with github_read_file.");

    public static readonly ConnectorToolInfo ReadFileInfo = new(
        "github_read_file",
        "Read a text file from a GitHub repository at a branch, tag or commit (default: the default branch). Long files come in parts: when the answer says it was truncated, call again with the start_line it gives. Binary files (images, archives) are refused.");

    public static readonly ConnectorToolInfo SearchCodeInfo = new(
        "github_search_code",
        "Search code on GitHub's default branches with GitHub's code search syntax, e.g. 'HttpClient language:csharp', 'TODO path:src/ extension:ts', 'org:my-org Dockerfile'. Give repo to search one repository. Returns repository, path and the matching fragment for each result; paged.");

    public static readonly ConnectorToolInfo ListIssuesInfo = new(
        "github_list_issues",
        "List a repository's issues (pull requests are included and marked as such), most recently updated first, one per line as '#number | state | title | labels | author | comments | updated'. Filter by state and labels; paged.");

    public static readonly ConnectorToolInfo GetIssueInfo = new(
        "github_get_issue",
        "Read one issue (or pull request conversation) with its description, labels, assignees and comments, oldest comment first. Long discussions come in pages of comments.");

    public static readonly ConnectorToolInfo CreateIssueInfo = new(
        "github_create_issue",
        "Create an issue in a repository, with a title and optionally a Markdown body, labels and assignees. Returns the new issue's number and URL.");

    public static readonly ConnectorToolInfo AddCommentInfo = new(
        "github_add_comment",
        "Add a Markdown comment to an issue or a pull request's conversation. Returns the comment's URL.");

    public static readonly ConnectorToolInfo ListPullRequestsInfo = new(
        "github_list_pull_requests",
        "List a repository's pull requests, most recently updated first, one per line as '#number | state | title | head -> base | author | updated'. Filter by state and base branch; paged.");

    public static readonly ConnectorToolInfo GetPullRequestInfo = new(
        "github_get_pull_request",
        "Read one pull request: its description, branches, state, size, and its diff (unified diff; cut when very large, with the list of changed files).");

    public static IReadOnlyList<ConnectorToolInfo> All { get; } =
    [
        ListReposInfo, ListFilesInfo, ReadFileInfo, SearchCodeInfo, ListIssuesInfo, GetIssueInfo, CreateIssueInfo, AddCommentInfo,
        ListPullRequestsInfo, GetPullRequestInfo,
    ];

    /// <summary>The most characters of a file or a diff returned at once: a model reads on by asking again.</summary>
    public const int MaxTextChars = 50_000;

    /// <summary>The most characters of an issue's or a pull request's description, and of one comment.</summary>
    public const int MaxBodyChars = 10_000;
    public const int MaxCommentChars = 4_000;

    private const int MaxPerPage = 100;
    private const int DefaultPerPage = 30;
    private const int MaxPage = 1000;

    private readonly GitHubClient _client;
    private readonly string? _defaultOwner;

    public GitHubTools(GitHubClient client, string? defaultOwner)
    {
        _client = client;
        _defaultOwner = string.IsNullOrWhiteSpace(defaultOwner) ? null : defaultOwner.Trim();
    }

    public IReadOnlyList<McpServerTool> CreateTools() =>
    [
        ConnectorTool.Create(ListReposAsync, ListReposInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(ListFilesAsync, ListFilesInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(ReadFileAsync, ReadFileInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(SearchCodeAsync, SearchCodeInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(ListIssuesAsync, ListIssuesInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(GetIssueAsync, GetIssueInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(CreateIssueAsync, CreateIssueInfo, readOnly: false, openWorld: true),
        ConnectorTool.Create(AddCommentAsync, AddCommentInfo, readOnly: false, openWorld: true),
        ConnectorTool.Create(ListPullRequestsAsync, ListPullRequestsInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(GetPullRequestAsync, GetPullRequestInfo, readOnly: true, openWorld: true),
    ];

    /// <summary>A repository named by the model: <c>owner/name</c>, or <c>name</c> when a default owner is configured.</summary>
    private (string Owner, string Name) Repo(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var (owner, name) = slash < 0 ? (_defaultOwner, text) : (text[..slash], text[(slash + 1)..]);
        if (owner is null)
        {
            throw new McpException($"repo '{value}' needs its owner: give it as 'owner/name', e.g. 'octocat/hello-world' (github_list_repos lists them).");
        }

        if (!OwnerPattern().IsMatch(owner) || !NamePattern().IsMatch(name) || name is "." or "..")
        {
            throw new McpException($"repo '{value}' is not a repository name: give it as 'owner/name', e.g. 'octocat/hello-world'.");
        }

        return (owner, name);
    }

    private static string RepoPath((string Owner, string Name) repo) => $"repos/{repo.Owner}/{repo.Name}";

    private static string Owner(string value, string parameter)
    {
        var owner = value.Trim();
        if (!OwnerPattern().IsMatch(owner))
        {
            throw new McpException($"{parameter} '{value}' is not a GitHub user or organization name (letters, digits and '-').");
        }

        return owner;
    }

    /// <summary>A path inside a repository, each segment escaped; '.' and '..' segments would leave it, so they are refused.</summary>
    private static string ContentPath(string? value)
    {
        var segments = (value ?? string.Empty).Trim().Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or ".." || s.Any(char.IsControl)))
        {
            throw new McpException($"path '{value}' is not a path inside the repository: give it from the top, e.g. 'src/app/main.py', without '.' or '..'.");
        }

        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    /// <summary>The contents API's path for <paramref name="path"/>: <c>repos/o/r/contents</c> for the top level.</summary>
    private static string ContentsPath((string Owner, string Name) repo, string? path) =>
        ContentPath(path) is { Length: > 0 } escaped ? $"{RepoPath(repo)}/contents/{escaped}" : $"{RepoPath(repo)}/contents";

    private static string DisplayPath(string? path) => (path ?? string.Empty).Trim().Trim('/');

    private static string RefQuery(string? reference, char separator = '?') =>
        string.IsNullOrWhiteSpace(reference) ? string.Empty : $"{separator}ref={Uri.EscapeDataString(reference.Trim())}";

    private static string RefDisplay(string? reference) =>
        string.IsNullOrWhiteSpace(reference) ? "the default branch" : $"'{reference.Trim()}'";

    private static string PageQuery(int page, int perPage)
    {
        ConnectorTool.CheckRange(page, 1, MaxPage, "page");
        ConnectorTool.CheckRange(perPage, 1, MaxPerPage, "per_page");
        return string.Create(CultureInfo.InvariantCulture, $"per_page={perPage}&page={page}");
    }

    /// <summary>The line that ends every list: which page this is and whether there is a next one.</summary>
    private static string PageNote(int page, int count, GitHubPages pages, string tool)
    {
        var of = pages.Last is { } last ? $" of {last}" : string.Empty;
        return pages.Next is { } next
            ? $"[Page {page}{of}, {count} shown. There is a next page: call {tool} again with page={next}.]\n"
            : $"[Page {page}{of}, {count} shown. This is the last page.]\n";
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, saying so at the cut.</summary>
    private static string Cut(string text, int max, string hint) =>
        text.Length <= max ? text : $"{text[..max]}\n[Truncated: {max:N0} of {text.Length:N0} characters shown. {hint}]";

    private static string Text(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            null or JsonValueKind.Null => string.Empty,
            _ => node.ToJsonString(),
        };

    private static long Number(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number && long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static bool IsTrue(JsonNode? node) => node?.GetValueKind() == JsonValueKind.True;

    /// <summary>One line of a list: newlines and the column separator inside a value would break it.</summary>
    private static string Cell(string text, int max = 200)
    {
        var line = text.ReplaceLineEndings(" ").Replace('|', '/').Trim();
        return line.Length <= max ? line : line[..max] + "...";
    }

    private static string Names(JsonNode? array, string field) =>
        string.Join(", ", (array as JsonArray ?? []).OfType<JsonObject>().Select(o => Text(o[field])).Where(n => n.Length > 0));

    private static JsonArray Items(GitHubResponse response, string what) =>
        response.Json as JsonArray ?? throw new McpException($"GitHub's answer for {what} is not a list.");

    private static StringBuilder Line(StringBuilder text, params string[] cells) =>
        text.AppendJoin(" | ", cells.Select(c => c.Length > 0 ? c : "-")).Append('\n');

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
