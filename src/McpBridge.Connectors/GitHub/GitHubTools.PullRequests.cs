using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpBridge.Connectors.GitHub;

/// <summary>Pull requests and their diffs.</summary>
internal sealed partial class GitHubTools
{
    /// <summary>The most of a diff read from GitHub; what is shown is cut further, to <see cref="MaxTextChars"/>.</summary>
    public const int MaxDiffBytes = 1024 * 1024;

    private const int MaxListedFiles = 100;

    public async Task<string> ListPullRequestsAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        CancellationToken cancellationToken,
        [Description("Which pull requests: open (default), closed (merged or not) or all.")] IssueState state = IssueState.Open,
        [Description("Only pull requests into this base branch, e.g. 'main'.")] string? @base = null,
        [Description("The page to return, from 1.")] int page = 1,
        [Description("Pull requests per page, 1 to 100 (default 30).")] int per_page = DefaultPerPage)
    {
        var r = Repo(repo);
        var stateName = StateName(state);
        var baseQuery = string.IsNullOrWhiteSpace(@base) ? string.Empty : "&base=" + Uri.EscapeDataString(@base.Trim());
        var response = await _client.GetJsonAsync(
            $"{RepoPath(r)}/pulls?state={stateName}&sort=updated&direction=desc{baseQuery}&{PageQuery(page, per_page)}",
            $"repository {r.Owner}/{r.Name}",
            cancellationToken);
        var pulls = Items(response, "pull requests");
        var scope = $"{stateName} pull requests in {r.Owner}/{r.Name}{(baseQuery.Length == 0 ? string.Empty : $" into {@base!.Trim()}")}";
        if (pulls.Count == 0)
        {
            return page == 1 ? $"No {scope}." : $"No {scope} on page {page}; there are fewer pages.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Capitalized(scope)} (#number | state | title | head -> base | author | updated):\n");
        foreach (var pull in pulls.OfType<JsonObject>())
        {
            Line(
                text,
                $"#{Number(pull["number"])}",
                PullState(pull),
                Cell(Text(pull["title"])),
                $"{Text(pull["head"]?["label"])} -> {Text(pull["base"]?["ref"])}",
                Text(pull["user"]?["login"]),
                Text(pull["updated_at"]));
        }

        text.Append(PageNote(page, pulls.Count, response.Pages, ListPullRequestsInfo.Name));
        return _client.Scrub(text.ToString());
    }

    public async Task<string> GetPullRequestAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        [Description("The pull request number, e.g. 42.")] int number,
        CancellationToken cancellationToken,
        [Description("Include the unified diff (default true); false for the description and summary only.")] bool include_diff = true)
    {
        var r = Repo(repo);
        ConnectorTool.CheckRange(number, 1, int.MaxValue, "number");
        var what = $"pull request #{number} in {r.Owner}/{r.Name}";
        var relative = $"{RepoPath(r)}/pulls/{number}";
        var pull = (await _client.GetJsonAsync(relative, what, cancellationToken)).Json as JsonObject
            ?? throw new McpException($"GitHub's answer for {what} is not a pull request.");

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{number} {Text(pull["title"])}\n");
        text.Append(CultureInfo.InvariantCulture, $"state: {PullState(pull)} | author: {Text(pull["user"]?["login"])} | {Text(pull["head"]?["label"])} -> {Text(pull["base"]?["ref"])} | head commit: {Text(pull["head"]?["sha"])}\n");
        text.Append(CultureInfo.InvariantCulture, $"commits: {Number(pull["commits"])} | files changed: {Number(pull["changed_files"])} | +{Number(pull["additions"])} -{Number(pull["deletions"])} | comments: {Number(pull["comments"]) + Number(pull["review_comments"])}");
        if (pull["mergeable"] is { } mergeable && mergeable.GetValueKind() != System.Text.Json.JsonValueKind.Null)
        {
            text.Append(CultureInfo.InvariantCulture, $" | mergeable: {(IsTrue(mergeable) ? "yes" : "no")}");
        }

        text.Append(CultureInfo.InvariantCulture, $" | created {Text(pull["created_at"])} | updated {Text(pull["updated_at"])}\n");
        text.Append(CultureInfo.InvariantCulture, $"labels: {Or(Names(pull["labels"], "name"))} | reviewers requested: {Or(Names(pull["requested_reviewers"], "login"))}\n");
        text.Append(CultureInfo.InvariantCulture, $"url: {Text(pull["html_url"])}\n");
        var body = Text(pull["body"]);
        text.Append('\n').Append(body.Length == 0 ? "(no description)" : Cut(body, MaxBodyChars, "The rest is on GitHub at the url above.")).Append('\n');

        if (include_diff)
        {
            var (bytes, readTruncated) = await _client.GetBytesAsync(relative, GitHubClient.DiffMediaType, MaxDiffBytes, $"the diff of {what}", cancellationToken);
            var diff = Encoding.UTF8.GetString(bytes);
            text.Append("\nDiff:\n");
            if (diff.Length <= MaxTextChars && !readTruncated)
            {
                text.Append(diff.Length == 0 ? "(empty)\n" : diff);
            }
            else
            {
                var head = Text(pull["head"]?["sha"]);
                var total = readTruncated ? $"more than {MaxDiffBytes / 1024:N0} KiB" : $"{diff.Length:N0} characters";
                text.Append(diff.AsSpan(0, Math.Min(diff.Length, MaxTextChars)));
                text.Append(CultureInfo.InvariantCulture, $"\n[Truncated: the diff is {total}; the first {MaxTextChars:N0} characters are shown. Read a changed file whole with {ReadFileInfo.Name} at ref '{head}'.]\n");
                await AppendChangedFilesAsync(text, relative, what, cancellationToken);
            }
        }

        return _client.Scrub(text.ToString());
    }

    /// <summary>The changed files, so that a model whose diff was cut still sees the whole change's shape.</summary>
    private async Task AppendChangedFilesAsync(StringBuilder text, string relative, string what, CancellationToken cancellationToken)
    {
        var response = await _client.GetJsonAsync($"{relative}/files?per_page={MaxListedFiles}", $"the files of {what}", cancellationToken);
        var files = Items(response, "changed files");
        text.Append("\nChanged files (status | path | +added -deleted):\n");
        foreach (var file in files.OfType<JsonObject>())
        {
            var renamed = Text(file["previous_filename"]) is { Length: > 0 } previous ? $" (from {previous})" : string.Empty;
            Line(text, Text(file["status"]), Text(file["filename"]) + renamed, $"+{Number(file["additions"])} -{Number(file["deletions"])}");
        }

        if (response.Pages.HasNext)
        {
            text.Append(CultureInfo.InvariantCulture, $"[Only the first {MaxListedFiles} changed files are listed.]\n");
        }
    }

    private static string PullState(JsonObject pull)
    {
        var state = Text(pull["merged_at"]).Length > 0 || IsTrue(pull["merged"]) ? "merged" : Text(pull["state"]);
        return IsTrue(pull["draft"]) ? $"{state} (draft)" : state;
    }
}
