using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpBridge.Connectors.GitHub;

/// <summary>Repositories, files and code search.</summary>
internal sealed partial class GitHubTools
{
    /// <summary>The most of a file larger than 1 MB (which the contents API answers without content) read raw.</summary>
    public const int MaxRawFileBytes = 2 * 1024 * 1024;

    /// <summary>Git's own test: a NUL byte in the first 8000 bytes makes a file binary.</summary>
    private const int BinaryProbeBytes = 8000;

    public async Task<string> ListReposAsync(
        CancellationToken cancellationToken,
        [Description("An organization or user, e.g. 'microsoft'. Leave empty for the repositories the token can access.")] string? owner = null,
        [Description("The page to return, from 1.")] int page = 1,
        [Description("Repositories per page, 1 to 100 (default 30).")] int per_page = DefaultPerPage)
    {
        var paging = PageQuery(page, per_page);
        GitHubResponse response;
        JsonArray repos;
        string whose;
        if (!string.IsNullOrWhiteSpace(owner))
        {
            var name = Owner(owner, "owner");
            whose = $"of {name}";

            // An organization's list includes its private repositories; a user's is what GitHub shows of them.
            response = await _client.TryGetJsonAsync($"orgs/{name}/repos?sort=updated&{paging}", cancellationToken)
                ?? await _client.GetJsonAsync($"users/{name}/repos?sort=updated&{paging}", $"user or organization '{name}'", cancellationToken);
            repos = Items(response, "repositories");
        }
        else if (_client.IsInstallationToken)
        {
            // An app installation has no user: it lists the repositories it was installed on.
            whose = "this GitHub App installation can access";
            response = await _client.GetJsonAsync($"installation/repositories?{paging}", "the installation's repositories", cancellationToken);
            repos = response.Json["repositories"] as JsonArray ?? throw new McpException("GitHub's answer for the installation's repositories has no list.");
        }
        else
        {
            whose = "the token can access";
            response = await _client.GetJsonAsync($"user/repos?sort=updated&{paging}", "the token's repositories", cancellationToken);
            repos = Items(response, "repositories");
        }

        if (repos.Count == 0)
        {
            return page == 1 ? $"No repositories {whose}." : $"No repositories on page {page}; there are fewer pages.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Repositories {whose} (owner/name | visibility | default branch | language | stars | updated | description):\n");
        foreach (var repo in repos.OfType<JsonObject>())
        {
            var flags = new List<string> { IsTrue(repo["private"]) ? "private" : "public" };
            if (IsTrue(repo["fork"]))
            {
                flags.Add("fork");
            }

            if (IsTrue(repo["archived"]))
            {
                flags.Add("archived");
            }

            Line(
                text,
                Text(repo["full_name"]),
                string.Join(", ", flags),
                Text(repo["default_branch"]),
                Cell(Text(repo["language"])),
                $"{Number(repo["stargazers_count"])} stars",
                Text(repo["updated_at"]),
                Cell(Text(repo["description"])));
        }

        text.Append(PageNote(page, repos.Count, response.Pages, ListReposInfo.Name));
        return _client.Scrub(text.ToString());
    }

    public async Task<string> ListFilesAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        CancellationToken cancellationToken,
        [Description("The directory, from the top of the repository, e.g. 'src/app'; empty for the top level.")] string? path = null,
        [Description("A branch, tag or commit SHA; empty for the default branch.")] string? @ref = null)
    {
        var r = Repo(repo);
        var shown = DisplayPath(path);
        var response = await _client.GetJsonAsync(
            $"{ContentsPath(r, path)}{RefQuery(@ref)}",
            $"directory '{shown}' at {RefDisplay(@ref)} in {r.Owner}/{r.Name}",
            cancellationToken);
        if (response.Json is JsonObject single)
        {
            return $"'{shown}' is a {Text(single["type"])} ({Number(single["size"])} bytes), not a directory; read it with {ReadFileInfo.Name}.";
        }

        var entries = Items(response, "the directory").OfType<JsonObject>()
            .OrderBy(e => Text(e["type"]) == "dir" ? 0 : 1)
            .ThenBy(e => Text(e["name"]), StringComparer.OrdinalIgnoreCase)
            .ToArray();
        var where = $"{r.Owner}/{r.Name}/{shown} at {RefDisplay(@ref)}";
        if (entries.Length == 0)
        {
            return $"{where} is empty.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{entries.Length} entries in {where} (type | path | size):\n");
        foreach (var entry in entries)
        {
            var type = Text(entry["type"]);
            Line(text, type, Text(entry["path"]) + (type == "dir" ? "/" : string.Empty), type == "file" ? $"{Number(entry["size"])} bytes" : string.Empty);
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> ReadFileAsync(
        [Description("The repository as 'owner/name', e.g. 'octocat/hello-world'.")] string repo,
        [Description("The file, from the top of the repository, e.g. 'src/app/main.py'.")] string path,
        CancellationToken cancellationToken,
        [Description("A branch, tag or commit SHA; empty for the default branch.")] string? @ref = null,
        [Description("The first line to return, from 1; use the value a truncated answer gives to read on.")] int start_line = 1)
    {
        var r = Repo(repo);
        var shown = DisplayPath(path);
        if (shown.Length == 0)
        {
            throw new McpException($"path is empty: give a file, e.g. 'README.md' ({ListFilesInfo.Name} lists them).");
        }

        ConnectorTool.CheckRange(start_line, 1, int.MaxValue, "start_line");
        var relative = ContentsPath(r, path);
        var what = $"file '{shown}' at {RefDisplay(@ref)} in {r.Owner}/{r.Name}";
        var response = await _client.GetJsonAsync(relative + RefQuery(@ref), what, cancellationToken);
        if (response.Json is JsonArray)
        {
            return $"'{shown}' is a directory; list it with {ListFilesInfo.Name}.";
        }

        var file = response.Json as JsonObject ?? throw new McpException($"GitHub's answer for {what} is not a file.");
        var size = Number(file["size"]);
        switch (Text(file["type"]))
        {
            case "symlink":
                return $"'{shown}' is a symbolic link to '{Text(file["target"])}'.";
            case "submodule":
                return $"'{shown}' is a submodule: the repository {Text(file["submodule_git_url"])} at commit {Text(file["sha"])}.";
            case not "file":
                return $"'{shown}' is a {Text(file["type"])}, not a file.";
        }

        var (bytes, readTruncated) = Text(file["encoding"]) switch
        {
            "base64" => (Base64(file["content"], what), false),

            // Files over 1 MB come without content; their raw bytes are read up to a cap.
            _ => await _client.GetBytesAsync(relative + RefQuery(@ref), GitHubClient.RawMediaType, MaxRawFileBytes, what, cancellationToken),
        };
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0))
        {
            throw new McpException($"'{shown}' is a binary file ({size:N0} bytes); only text files can be read.");
        }

        var whole = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        var lines = (whole.EndsWith('\n') ? whole[..^1] : whole).Split('\n');
        if (readTruncated && lines.Length > 1)
        {
            // The last line may stop in the middle of a character: it is read again from the next part.
            lines = lines[..^1];
        }

        if (start_line > lines.Length)
        {
            return readTruncated
                ? $"Only the first {lines.Length} lines of '{shown}' ({MaxRawFileBytes / (1024 * 1024)} MiB of {size:N0} bytes) can be read here; start_line {start_line} is past them."
                : $"'{shown}' has {lines.Length} lines; start_line {start_line} is past its end.";
        }

        var text = new StringBuilder();
        var last = start_line - 1;
        while (last < lines.Length && (text.Length + lines[last].Length + 1 <= MaxTextChars || last == start_line - 1))
        {
            text.Append(lines[last]).Append('\n');
            last++;
        }

        // One line longer than the budget (minified code) is cut; the next part starts after it.
        var lineCut = text.Length > MaxTextChars;
        var complete = last == lines.Length && !readTruncated && !lineCut;
        var header = $"{r.Owner}/{r.Name}/{shown} at {RefDisplay(@ref)} ({size:N0} bytes), lines {start_line}-{last}{(last == lines.Length && !readTruncated ? $" of {lines.Length}" : string.Empty)}:\n";
        var content = lineCut ? text.ToString(0, MaxTextChars) : text.ToString();
        var more = (last == lines.Length, readTruncated) switch
        {
            (true, false) => "It is the end of the file.",
            (true, true) => $"Only the first {MaxRawFileBytes / (1024 * 1024)} MiB of this file can be read here.",
            _ => $"Call {ReadFileInfo.Name} again with start_line={last + 1} to read on.",
        };
        var note = complete
            ? string.Empty
            : $"\n[Truncated: lines {start_line}-{last} shown{(lineCut ? $", line {last} cut after {MaxTextChars:N0} characters" : string.Empty)}. {more}]";
        return _client.Scrub(header + content.TrimEnd('\n') + note);
    }

    public async Task<string> SearchCodeAsync(
        [Description("What to look for, in GitHub's code search syntax, e.g. 'HttpClient language:csharp' or 'TODO path:src/'. Qualifiers: repo:, org:, user:, language:, path:, extension:, filename:.")] string query,
        CancellationToken cancellationToken,
        [Description("Search only this repository, as 'owner/name'.")] string? repo = null,
        [Description("The page to return, from 1.")] int page = 1,
        [Description("Results per page, 1 to 100 (default 30).")] int per_page = DefaultPerPage)
    {
        var q = query?.Trim() ?? string.Empty;
        if (q.Length == 0)
        {
            throw new McpException("query is empty: give words to look for, e.g. 'HttpClient language:csharp'.");
        }

        if (!string.IsNullOrWhiteSpace(repo))
        {
            var r = Repo(repo);
            q = $"{q} repo:{r.Owner}/{r.Name}";
        }

        if (q.Length > 256)
        {
            throw new McpException("query is longer than GitHub's limit of 256 characters; shorten it.");
        }

        var response = await _client.GetJsonAsync(
            $"search/code?q={Uri.EscapeDataString(q)}&{PageQuery(page, per_page)}",
            "code search",
            cancellationToken,
            GitHubClient.TextMatchMediaType);
        var items = response.Json["items"] as JsonArray ?? throw new McpException("GitHub's code search answer has no results list.");
        var total = Number(response.Json["total_count"]);
        if (items.Count == 0)
        {
            return page == 1 ? $"No code matches '{q}'." : $"No results on page {page} for '{q}' ({total} in all).";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{total} results for '{q}' (repository | path, then the matching fragment):\n");
        if (IsTrue(response.Json["incomplete_results"]))
        {
            text.Append("[GitHub says these results are incomplete: the search timed out; narrow the query.]\n");
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            Line(text, Text(item["repository"]?["full_name"]), Text(item["path"]));
            var fragment = (item["text_matches"] as JsonArray ?? []).OfType<JsonObject>().Select(m => Text(m["fragment"])).FirstOrDefault(f => f.Length > 0);
            if (fragment is not null)
            {
                var cut = fragment.Length > 400 ? fragment[..400] + "..." : fragment;
                text.Append("    ").Append(cut.Trim().ReplaceLineEndings("\n    ")).Append('\n');
            }
        }

        text.Append(PageNote(page, items.Count, response.Pages, SearchCodeInfo.Name));
        return _client.Scrub(text.ToString());
    }

    private static byte[] Base64(JsonNode? content, string what)
    {
        try
        {
            // GitHub wraps the base64 at 60 characters.
            return Convert.FromBase64String(Text(content).Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal));
        }
        catch (FormatException)
        {
            throw new McpException($"GitHub's answer for {what} has content that is not base64.");
        }
    }
}
