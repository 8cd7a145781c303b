using System.Text;
using System.Text.RegularExpressions;

namespace McpBridge.Connectors.Filesystem;

/// <summary>
/// A file name glob: <c>*</c> (any characters but '/'), <c>?</c> (one character), <c>**</c> (any folders).
/// A pattern without '/' matches the file name anywhere below the search folder; one with '/' matches the
/// path relative to it. Case-insensitive, because a model rarely knows a file's exact casing.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex _regex;
    private readonly bool _matchesPath;

    public GlobPattern(string pattern)
    {
        var text = pattern.Trim().Replace('\\', '/').TrimStart('/');
        _matchesPath = text.Contains('/', StringComparison.Ordinal);
        var builder = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // "**/" matches zero or more whole folders; a trailing "**" matches anything.
                if (i + 2 < text.Length && text[i + 2] == '/')
                {
                    builder.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    builder.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        builder.Append('$');
        // NonBacktracking: linear time whatever pattern a caller sends (a pattern like *a*a*a*...b would backtrack).
        _regex = new Regex(builder.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>Whether a file matches, given its path relative to the search folder (forward slashes).</summary>
    public bool IsMatch(string relativePath)
    {
        var subject = _matchesPath ? relativePath : relativePath[(relativePath.LastIndexOf('/') + 1)..];
        return _regex.IsMatch(subject);
    }
}
