using ModelContextProtocol;

namespace McpBridge.Connectors.Git;

/// <summary>
/// Checks what a model passes as a revision or a path before it reaches the git command line. Each value is one
/// argument after <c>--end-of-options</c> or <c>--</c> anyway; refusing a leading '-' as well means no value can
/// become an option even if a command is later written without them.
/// </summary>
internal static class GitArguments
{
    private const int MaxRevisionLength = 256;
    private const int MaxPathLength = 1024;

    /// <summary>A revision (<c>HEAD</c>, <c>main</c>, <c>a1b2c3d</c>, <c>HEAD~2</c>, <c>v1.0</c>), trimmed.</summary>
    public static string Revision(string? value, string parameter)
    {
        var revision = value?.Trim() ?? string.Empty;
        if (revision.Length == 0)
        {
            throw new McpException($"{parameter} must not be empty.");
        }

        if (revision.Length > MaxRevisionLength)
        {
            throw new McpException($"{parameter} is too long (at most {MaxRevisionLength} characters).");
        }

        if (revision.StartsWith('-'))
        {
            throw new McpException($"{parameter} '{revision}' is not a revision: it must not start with '-'.");
        }

        if (revision.Any(char.IsControl))
        {
            throw new McpException($"{parameter} must not contain control characters.");
        }

        return revision;
    }

    /// <summary>
    /// A path inside the repository, relative to its root, with '/' separators and '.' and '..' resolved; the empty
    /// string for the root itself. Absolute paths and paths that leave the repository are refused.
    /// </summary>
    public static string Path(string? value, string parameter)
    {
        var path = value?.Trim() ?? string.Empty;
        if (path.Length == 0)
        {
            throw new McpException($"{parameter} must not be empty (use '.' for the whole repository).");
        }

        if (path.Length > MaxPathLength)
        {
            throw new McpException($"{parameter} is too long (at most {MaxPathLength} characters).");
        }

        if (path.StartsWith('-'))
        {
            throw new McpException($"{parameter} '{path}' must not start with '-'.");
        }

        if (path.Any(char.IsControl))
        {
            throw new McpException($"{parameter} must not contain control characters.");
        }

        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('/') || System.IO.Path.IsPathRooted(path) || (normalized.Length >= 2 && normalized[1] == ':'))
        {
            throw new McpException($"{parameter} '{path}' must be relative to the repository's root, not absolute.");
        }

        var segments = new List<string>();
        foreach (var segment in normalized.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    throw new McpException($"{parameter} '{path}' leaves the repository.");
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>An optional path: <see langword="null"/> when not given or naming the whole repository.</summary>
    public static string? OptionalPath(string? value, string parameter) =>
        string.IsNullOrWhiteSpace(value) ? null : Path(value, parameter) is { Length: > 0 } path ? path : null;

    /// <summary>An optional revision: <see langword="null"/> when not given.</summary>
    public static string? OptionalRevision(string? value, string parameter) =>
        string.IsNullOrWhiteSpace(value) ? null : Revision(value, parameter);

    /// <summary>A branch name for cloning: the characters git allows in practice, no leading '-' and no '..'.</summary>
    public static bool IsBranchName(string value) =>
        value.Length is > 0 and <= 200 &&
        !value.StartsWith('-') && !value.StartsWith('/') && !value.EndsWith('/') && !value.EndsWith(".lock", StringComparison.Ordinal) &&
        !value.Contains("..", StringComparison.Ordinal) && !value.Contains("//", StringComparison.Ordinal) &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/');
}
