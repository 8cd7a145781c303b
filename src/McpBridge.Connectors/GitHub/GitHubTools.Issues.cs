using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpBridge.Connectors.GitHub;

/// <summary>Issues and their comments.</summary>
internal sealed partial class GitHubTools
{
    private const int CommentsPerPage = 30;

    public async Task<string> ListIssuesAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        CancellationToken cancellationToken,
        [Description("Which issues: open (default), closed or all.")] IssueState state = IssueState.Open,
        [Description("Only issues with all of these labels, comma-separated, e.g. 'bug,ui'.")] string? labels = null,
        [Description("The page to return, from 1.")] int page = 1,
        [Description("Issues per page, 1 to 100 (default 30).")] int per_page = DefaultPerPage)
    {
        var r = Repo(repo);
        var labelQuery = string.IsNullOrWhiteSpace(labels)
            ? string.Empty
            : "&labels=" + Uri.EscapeDataString(string.Join(',', labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        var stateName = StateName(state);
        var response = await _client.GetJsonAsync(
            $"{RepoPath(r)}/issues?state={stateName}&sort=updated{labelQuery}&{PageQuery(page, per_page)}",
            $"repository {r.Owner}/{r.Name}",
            cancellationToken);
        var issues = Items(response, "issues");
        var scope = $"{stateName} issues in {r.Owner}/{r.Name}{(labelQuery.Length == 0 ? string.Empty : $" labelled {labels!.Trim()}")}";
        if (issues.Count == 0)
        {
            return page == 1 ? $"No {scope}." : $"No {scope} on page {page}; there are fewer pages.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Capitalized(scope)} (#number | state | title | labels | author | comments | updated):\n");
        foreach (var issue in issues.OfType<JsonObject>())
        {
            var kind = issue["pull_request"] is JsonObject ? " (pull request)" : string.Empty;
            Line(
                text,
                $"#{Number(issue["number"])}",
                Text(issue["state"]) + kind,
                Cell(Text(issue["title"])),
                Cell(Names(issue["labels"], "name")),
                Text(issue["user"]?["login"]),
                $"{Number(issue["comments"])} comments",
                Text(issue["updated_at"]));
        }

        text.Append(PageNote(page, issues.Count, response.Pages, ListIssuesInfo.Name));
        return _client.Scrub(text.ToString());
    }

    public async Task<string> GetIssueAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        [Description("The issue number, e.g. 42.")] int number,
        CancellationToken cancellationToken,
        [Description("Which page of comments (30 a page, oldest first); the answer says when there are more.")] int comments_page = 1)
    {
        var r = Repo(repo);
        ConnectorTool.CheckRange(number, 1, int.MaxValue, "number");
        ConnectorTool.CheckRange(comments_page, 1, MaxPage, "comments_page");
        var what = $"issue #{number} in {r.Owner}/{r.Name}";
        var issue = (await _client.GetJsonAsync($"{RepoPath(r)}/issues/{number}", what, cancellationToken)).Json as JsonObject
            ?? throw new McpException($"GitHub's answer for {what} is not an issue.");

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{number} {Text(issue["title"])}\n");
        var closed = Text(issue["closed_at"]) is { Length: > 0 } closedAt ? $" | closed {closedAt}" : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"state: {Text(issue["state"])}{(Text(issue["state_reason"]) is { Length: > 0 } reason ? $" ({reason})" : string.Empty)} | author: {Text(issue["user"]?["login"])} | created {Text(issue["created_at"])} | updated {Text(issue["updated_at"])}{closed}\n");
        text.Append(CultureInfo.InvariantCulture, $"labels: {Or(Names(issue["labels"], "name"))} | assignees: {Or(Names(issue["assignees"], "login"))} | milestone: {Or(Text(issue["milestone"]?["title"]))} | comments: {Number(issue["comments"])}\n");
        text.Append(CultureInfo.InvariantCulture, $"url: {Text(issue["html_url"])}\n");
        if (issue["pull_request"] is JsonObject)
        {
            text.Append(CultureInfo.InvariantCulture, $"This is a pull request: {GetPullRequestInfo.Name} shows its branches and diff.\n");
        }

        var body = Text(issue["body"]);
        text.Append('\n').Append(body.Length == 0 ? "(no description)" : Cut(body, MaxBodyChars, "The rest is on GitHub at the url above.")).Append('\n');

        var total = Number(issue["comments"]);
        if (total > 0)
        {
            var response = await _client.GetJsonAsync(
                $"{RepoPath(r)}/issues/{number}/comments?{PageQuery(comments_page, CommentsPerPage)}",
                $"the comments of {what}",
                cancellationToken);
            var comments = Items(response, "comments");
            text.Append(CultureInfo.InvariantCulture, $"\nComments ({total} in all), oldest first:\n");
            foreach (var comment in comments.OfType<JsonObject>())
            {
                text.Append(CultureInfo.InvariantCulture, $"\n--- {Text(comment["user"]?["login"])} at {Text(comment["created_at"])}:\n");
                text.Append(Cut(Text(comment["body"]), MaxCommentChars, "The rest is on GitHub.")).Append('\n');
            }

            text.Append('\n').Append(PageNote(comments_page, comments.Count, response.Pages, GetIssueInfo.Name).Replace("page=", "comments_page=", StringComparison.Ordinal));
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> CreateIssueAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        [Description("The issue's title.")] string title,
        CancellationToken cancellationToken,
        [Description("The description, in GitHub Markdown.")] string? body = null,
        [Description("Labels to set, e.g. [\"bug\"]; they must exist in the repository.")] string[]? labels = null,
        [Description("Logins of people to assign, e.g. [\"octocat\"]; they must have access to the repository.")] string[]? assignees = null)
    {
        var r = Repo(repo);
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new McpException("title is empty: an issue needs a title.");
        }

        var payload = new JsonObject { ["title"] = title.Trim() };
        if (!string.IsNullOrWhiteSpace(body))
        {
            payload["body"] = body;
        }

        if (labels is { Length: > 0 })
        {
            payload["labels"] = new JsonArray([.. labels.Select(l => JsonValue.Create(l))]);
        }

        if (assignees is { Length: > 0 })
        {
            payload["assignees"] = new JsonArray([.. assignees.Select(a => JsonValue.Create(a))]);
        }

        var created = await _client.PostJsonAsync($"{RepoPath(r)}/issues", payload, $"repository {r.Owner}/{r.Name}", cancellationToken);
        return _client.Scrub($"Created issue #{Number(created["number"])} in {r.Owner}/{r.Name}: {Text(created["html_url"])}");
    }

    public async Task<string> AddCommentAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        [Description("The issue or pull request number, e.g. 42.")] int number,
        [Description("The comment, in GitHub Markdown.")] string body,
        CancellationToken cancellationToken)
    {
        var r = Repo(repo);
        ConnectorTool.CheckRange(number, 1, int.MaxValue, "number");
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new McpException("body is empty: write the comment's text.");
        }

        var created = await _client.PostJsonAsync(
            $"{RepoPath(r)}/issues/{number}/comments",
            new JsonObject { ["body"] = body },
            $"issue #{number} in {r.Owner}/{r.Name}",
            cancellationToken);
        return _client.Scrub($"Commented on #{number} in {r.Owner}/{r.Name}: {Text(created["html_url"])}");
    }

    private static string StateName(IssueState state) => state switch
    {
        IssueState.Closed => "closed",
        IssueState.All => "all",
        _ => "open",
    };

    private static string Or(string text) => text.Length == 0 ? "none" : text;

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
