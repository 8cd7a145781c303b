using ModelContextProtocol;

namespace McpBridge.Connectors.Filesystem;

/// <summary>
/// A folder that tool paths cannot leave. Paths are relative to the root; absolute paths and <c>..</c> are refused
/// outright (not normalised away), and no component of a path may be a symbolic link, existing or dangling: a link
/// is the one way a path that looks inside could read or write outside.
/// </summary>
internal sealed class FileSandbox
{
    public FileSandbox(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The root's full path. Never shown to the model: on a hosted server it is the cloud's file system.</summary>
    public string Root { get; }

    /// <summary>Returns the full path for <paramref name="relativePath"/>, or throws <see cref="McpException"/> saying why it is refused.</summary>
    public string Resolve(string? relativePath)
    {
        var text = (relativePath ?? string.Empty).Trim();
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new McpException("The path contains a NUL character.");
        }

        // Models trained on Windows paths send backslashes; a backslash in a real file name is rare enough to give up.
        var normalized = text.Replace('\\', '/');
        if (normalized.StartsWith('/') || Path.IsPathRooted(normalized) || (normalized.Length >= 2 && normalized[1] == ':' && char.IsAsciiLetter(normalized[0])))
        {
            throw new McpException($"'{text}' is an absolute path. Give a path relative to the folder's root, such as 'notes/todo.md' ('.' is the root).");
        }

        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            throw new McpException($"'{text}' contains '..'. Paths must stay inside the folder; give a path relative to its root.");
        }

        var current = Root;
        var shown = string.Empty;
        var exists = true;
        foreach (var segment in segments)
        {
            current = Path.Join(current, segment);
            shown = shown.Length == 0 ? segment : $"{shown}/{segment}";
            if (!exists)
            {
                continue;
            }

            // LinkTarget reads the link itself, so a dangling link (whose target does not exist yet) is caught too:
            // writing through it would create a file wherever it points.
            if (new FileInfo(current).LinkTarget is not null)
            {
                throw new McpException($"'{shown}' is a symbolic link. Links are not followed in this folder.");
            }

            exists = File.Exists(current) || Directory.Exists(current);
        }

        var full = Path.GetFullPath(current);
        if (full != Root && !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // Unreachable after the checks above; kept so that a future change to them cannot open the sandbox.
            throw new McpException($"'{text}' is outside the folder.");
        }

        return full;
    }

    /// <summary>The path as the model sees it: relative to the root, with forward slashes; <c>.</c> for the root.</summary>
    public string ToRelative(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Removes the root's full path from a system error message so that the host's layout is not disclosed.</summary>
    public string Scrub(string message) => message.Replace(Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).Replace(Root, ".", StringComparison.Ordinal);
}
