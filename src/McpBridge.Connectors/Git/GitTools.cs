using System.ComponentModel;
using System.Globalization;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.Git;

/// <summary>The git connector's read-only tools over one repository.</summary>
internal sealed class GitTools
{
    public static readonly ConnectorToolInfo StatusInfo = new(
        "git_status",
        "Show the current branch and the files that are modified, staged, or untracked in the working tree.");

    public static readonly ConnectorToolInfo LogInfo = new(
        "git_log",
        "List commits, newest first: hash, author, date and message. Optionally from a revision or range (e.g. 'main', 'v1.0..HEAD') and only those touching a path.");

    public static readonly ConnectorToolInfo DiffInfo = new(
        "git_diff",
        "Show changes as a unified diff: by default the working tree's unstaged changes; with staged=true the staged ones; with from (and to) the changes between revisions. Optionally limited to a path, or only a summary (stat_only).");

    public static readonly ConnectorToolInfo ShowInfo = new(
        "git_show",
        "Show a commit (message, author, changed files and patch), a tag, or with 'revision:path' a file or folder as it was at that revision (e.g. 'HEAD~2:src/app.cs').");

    public static readonly ConnectorToolInfo BranchesInfo = new(
        "git_branches",
        "List branches (local and remote-tracking, optionally tags) with their latest commit; the current branch is marked with '*'.");

    public static readonly ConnectorToolInfo ReadFileInfo = new(
        "git_read_file",
        "Read a text file's content as it is at a revision (default HEAD, the last commit). Paths are relative to the repository's root.");

    public static readonly ConnectorToolInfo SearchInfo = new(
        "git_search",
        "Search the repository's tracked files for a regular expression (git grep), optionally at a revision and below a path. Returns path:line:text for each match.");

    public static IReadOnlyList<ConnectorToolInfo> All { get; } = [StatusInfo, LogInfo, DiffInfo, ShowInfo, BranchesInfo, ReadFileInfo, SearchInfo];

    private const int MaxLogCount = 500;
    private const int MaxSearchResults = 1000;
    private const int MaxLineLength = 400;

    private readonly Func<CancellationToken, Task<string>> _root;
    private readonly GitRunner _runner;

    /// <param name="root">The repository's folder; hosted, the first call clones it.</param>
    public GitTools(Func<CancellationToken, Task<string>> root, GitRunner runner)
    {
        _root = root;
        _runner = runner;
    }

    public IReadOnlyList<McpServerTool> CreateTools() =>
    [
        ConnectorTool.Create(StatusAsync, StatusInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(LogAsync, LogInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(DiffAsync, DiffInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(ShowAsync, ShowInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(BranchesAsync, BranchesInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(ReadFileAsync, ReadFileInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(SearchAsync, SearchInfo, readOnly: true, openWorld: false),
    ];

    public async Task<string> StatusAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["status", "--porcelain=v1", "--branch", "--untracked-files=normal"], cancellationToken);
        var lines = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder();
        var entries = lines.Where(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToArray();
        if (lines.FirstOrDefault(l => l.StartsWith("## ", StringComparison.Ordinal)) is { } branch)
        {
            text.Append(CultureInfo.InvariantCulture, $"Branch: {branch[3..]}\n");
        }

        if (entries.Length == 0)
        {
            text.Append("Working tree clean: nothing modified, staged or untracked.");
            return text.ToString();
        }

        text.Append("Changes (XY path; X = staged, Y = not staged; M modified, A added, D deleted, R renamed, U conflict, ?? untracked):\n");
        foreach (var entry in entries)
        {
            text.Append(entry).Append('\n');
        }

        return Finish(text, result);
    }

    public async Task<string> LogAsync(
        CancellationToken cancellationToken,
        [Description("The most commits to list (default 20, at most 500).")] int max_count = 20,
        [Description("Where to start, or a range: a branch, tag, commit or 'a..b'. Default: the current branch (HEAD).")] string? revision = null,
        [Description("Only commits that changed this file or folder (relative to the repository's root).")] string? path = null)
    {
        if (max_count is < 1 or > MaxLogCount)
        {
            throw new McpException($"max_count must be between 1 and {MaxLogCount}.");
        }

        var rev = GitArguments.OptionalRevision(revision, "revision");
        var filter = GitArguments.OptionalPath(path, "path");
        List<string> arguments =
        [
            "log", $"--max-count={max_count.ToString(CultureInfo.InvariantCulture)}", "--date=iso-strict",
            "--format=commit %H%nAuthor: %an <%ae>%nDate:   %ad%n%n%w(0,4,4)%B", "--end-of-options",
        ];
        AddIf(arguments, rev);
        arguments.Add("--");
        AddIf(arguments, filter);
        var result = await RunAsync(arguments, cancellationToken);
        return result.Output.Length == 0
            ? filter is null ? "No commits." : $"No commits touch '{filter}'."
            : Finish(new StringBuilder(result.Text.TrimEnd()).Append('\n'), result);
    }

    public async Task<string> DiffAsync(
        CancellationToken cancellationToken,
        [Description("Show the staged changes (the index against from, default HEAD) instead of the unstaged ones.")] bool staged = false,
        [Description("Compare from this revision: alone, against the working tree (or the index when staged); with 'to', against 'to'.")] string? from = null,
        [Description("Compare 'from' with this revision instead of the working tree.")] string? to = null,
        [Description("Only changes to this file or folder (relative to the repository's root).")] string? path = null,
        [Description("Only list the changed files with counts of added and removed lines, not the patch.")] bool stat_only = false,
        [Description("Lines of context around each change (default 3).")] int context_lines = 3)
    {
        var fromRev = GitArguments.OptionalRevision(from, "from");
        var toRev = GitArguments.OptionalRevision(to, "to");
        var filter = GitArguments.OptionalPath(path, "path");
        if (toRev is not null && fromRev is null)
        {
            throw new McpException("'to' needs 'from': give both revisions to compare them.");
        }

        if (toRev is not null && staged)
        {
            throw new McpException("staged compares the index with a revision; leave out 'to' or set staged to false.");
        }

        if (context_lines is < 0 or > 100)
        {
            throw new McpException("context_lines must be between 0 and 100.");
        }

        List<string> arguments = ["diff", "--no-ext-diff", "--no-textconv", "--no-color"];
        arguments.Add(stat_only ? "--stat" : $"--unified={context_lines.ToString(CultureInfo.InvariantCulture)}");
        if (staged)
        {
            arguments.Add("--cached");
        }

        arguments.Add("--end-of-options");
        AddIf(arguments, fromRev);
        AddIf(arguments, toRev);
        arguments.Add("--");
        AddIf(arguments, filter);
        var result = await RunAsync(arguments, cancellationToken);
        if (result.Output.Length == 0)
        {
            var what = (fromRev, toRev, staged) switch
            {
                (not null, not null, _) => $"between {fromRev} and {toRev}",
                (not null, null, true) => $"between {fromRev} and the staged files",
                (not null, null, false) => $"between {fromRev} and the working tree",
                (null, _, true) => "staged",
                _ => "unstaged in the working tree",
            };
            return $"No differences {what}{(filter is null ? string.Empty : $" in '{filter}'")}.";
        }

        return Finish(new StringBuilder(result.Text), result);
    }

    public async Task<string> ShowAsync(
        CancellationToken cancellationToken,
        [Description("A commit, branch or tag (default HEAD), or 'revision:path' for a file or folder at that revision.")] string @object = "HEAD",
        [Description("For a commit: only the message and the changed files, not the patch.")] bool stat_only = false)
    {
        var target = ParseObject(@object);
        var result = await RunAsync(
            ["show", "--no-ext-diff", "--no-textconv", "--no-color", "--format=fuller", "--date=iso-strict", "--stat", .. stat_only ? Array.Empty<string>() : ["--patch"], "--end-of-options", target],
            cancellationToken);
        if (result.IsBinary)
        {
            return $"'{target}' is a binary file; it cannot be shown as text.";
        }

        return Finish(new StringBuilder(result.Text), result);
    }

    public async Task<string> BranchesAsync(
        CancellationToken cancellationToken,
        [Description("Include remote-tracking branches (e.g. origin/main). Default true.")] bool include_remote = true,
        [Description("Include tags as well. Default false.")] bool include_tags = false)
    {
        List<string> arguments = ["for-each-ref", "--format=%(HEAD) %(refname:short)\t%(objectname:short)\t%(creatordate:short)\t%(contents:subject)", "refs/heads"];
        if (include_remote)
        {
            arguments.Add("refs/remotes");
        }

        if (include_tags)
        {
            arguments.Add("refs/tags");
        }

        var result = await RunAsync(arguments, cancellationToken);
        if (result.Output.Length == 0)
        {
            return "No branches yet: the repository has no commits.";
        }

        var text = new StringBuilder("Branches ('*' marks the current one; name, commit, date, subject):\n");
        foreach (var line in result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(line.Replace('\t', ' ').TrimEnd()).Append('\n');
        }

        return Finish(text, result);
    }

    public async Task<string> ReadFileAsync(
        [Description("The file, relative to the repository's root.")] string path,
        CancellationToken cancellationToken,
        [Description("The revision to read it at: a branch, tag or commit. Default HEAD (the last commit).")] string revision = "HEAD")
    {
        var file = GitArguments.Path(path, "path");
        var rev = GitArguments.Revision(revision, "revision");
        if (file.Length == 0)
        {
            throw new McpException("path names the repository's root, which is a folder. Use git_show with 'revision:folder' to list a folder.");
        }

        var spec = $"{rev}:{file}";
        var type = await RunAsync(["cat-file", "-t", "--end-of-options", spec], cancellationToken);
        var kind = type.Text.Trim();
        if (kind != "blob")
        {
            throw new McpException(kind == "tree"
                ? $"'{file}' is a folder at {rev}. Use git_show with '{spec}' to list it."
                : $"'{file}' at {rev} is a {kind}, not a file.");
        }

        var result = await RunAsync(["cat-file", "blob", "--end-of-options", spec], cancellationToken);
        if (result.IsBinary)
        {
            throw new McpException($"'{file}' is a binary file; only text files can be read.");
        }

        return Finish(new StringBuilder(result.Text), result);
    }

    public async Task<string> SearchAsync(
        [Description("The regular expression to search for (POSIX extended syntax), or plain text with fixed_strings.")] string pattern,
        CancellationToken cancellationToken,
        [Description("Only search below this file or folder (relative to the repository's root).")] string? path = null,
        [Description("Search the files as they are at this revision instead of the working tree.")] string? revision = null,
        [Description("Match regardless of case.")] bool ignore_case = false,
        [Description("Treat the pattern as plain text, not a regular expression.")] bool fixed_strings = false,
        [Description("The most matching lines to return (default 100, at most 1000).")] int max_results = 100)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new McpException("pattern must not be empty.");
        }

        if (max_results is < 1 or > MaxSearchResults)
        {
            throw new McpException($"max_results must be between 1 and {MaxSearchResults}.");
        }

        var rev = GitArguments.OptionalRevision(revision, "revision");
        var filter = GitArguments.OptionalPath(path, "path");
        List<string> arguments = ["grep", "-n", "-I", "--no-color", "--full-name", fixed_strings ? "--fixed-strings" : "--extended-regexp"];
        if (ignore_case)
        {
            arguments.Add("--ignore-case");
        }

        // The pattern follows -e, so it is never read as an option; git grep does not know --end-of-options, and
        // the revision cannot start with '-'.
        arguments.Add("-e");
        arguments.Add(pattern);
        AddIf(arguments, rev);
        arguments.Add("--");
        AddIf(arguments, filter);
        var result = await RunAsync(arguments, cancellationToken, allowExitCode1: true);
        var lines = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return $"No matches for '{pattern}'{(filter is null ? string.Empty : $" in '{filter}'")}{(rev is null ? string.Empty : $" at {rev}")}.";
        }

        var text = new StringBuilder();
        foreach (var line in lines.Take(max_results))
        {
            text.Append(line.Length > MaxLineLength ? line[..MaxLineLength] + " [...]" : line).Append('\n');
        }

        if (lines.Length > max_results || result.OutputTruncated)
        {
            text.Append(CultureInfo.InvariantCulture, $"[Only the first {Math.Min(max_results, lines.Length)} matches are shown; narrow the search with path or a more specific pattern.]\n");
        }

        return text.ToString();
    }

    private static string ParseObject(string value)
    {
        var text = value?.Trim() ?? string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return GitArguments.Revision(text, "object");
        }

        if (colon == 0)
        {
            throw new McpException($"'{text}' needs a revision before ':', e.g. 'HEAD:{text[1..]}'.");
        }

        var revision = GitArguments.Revision(text[..colon], "object's revision");
        var pathPart = text[(colon + 1)..];
        var path = pathPart.Trim().Length == 0 || pathPart.Trim() == "." ? string.Empty : GitArguments.Path(pathPart, "object's path");
        return $"{revision}:{path}";
    }

    private async Task<GitResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool allowExitCode1 = false)
    {
        var root = await _root(cancellationToken);
        GitResult result;
        try
        {
            result = await _runner.RunAsync(root, arguments, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new McpException($"git {arguments[0]} took longer than {_runner.Options.Timeout.TotalSeconds:0} s and was stopped. Narrow it down (a path, a revision, fewer commits).");
        }

        if (result.Succeeded || (allowExitCode1 && result.ExitCode == 1 && result.Error.Length == 0))
        {
            return result;
        }

        throw new McpException(Explain(result.ErrorMessage));
    }

    private static string Explain(string error)
    {
        if (error.Contains("unknown revision", StringComparison.Ordinal) || error.Contains("bad revision", StringComparison.Ordinal) ||
            error.Contains("invalid object name", StringComparison.OrdinalIgnoreCase) || error.Contains("Not a valid object name", StringComparison.Ordinal) ||
            error.Contains("unable to resolve revision", StringComparison.Ordinal))
        {
            return $"{error}. Use git_branches or git_log to see the available revisions.";
        }

        if (error.Contains("does not have any commits yet", StringComparison.Ordinal))
        {
            return $"{error}: the repository has no commits yet.";
        }

        if (error.Contains("does not exist in", StringComparison.Ordinal) || error.Contains("exists on disk, but not in", StringComparison.Ordinal))
        {
            return $"{error}. Paths are relative to the repository's root; use git_show with 'revision:folder' to list a folder.";
        }

        return error;
    }

    private static string Finish(StringBuilder text, GitResult result)
    {
        if (result.OutputTruncated)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n[Output truncated after {result.Output.Length / 1024} KiB. Narrow it down: a path, a revision range, fewer commits or stat_only.]");
        }

        return text.ToString();
    }

    private static void AddIf(List<string> arguments, string? value)
    {
        if (value is not null)
        {
            arguments.Add(value);
        }
    }
}
