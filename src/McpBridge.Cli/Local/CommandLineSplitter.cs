using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace McpBridge.Cli.Local;

/// <summary>
/// Splits <c>--command "node server.js --root 'My Notes'"</c> into a program and its arguments the way a POSIX shell
/// would (quotes and backslashes), so that nothing else of the shell is involved: no variables, globs, pipes or
/// <c>;</c> — the program runs directly. On Windows a backslash is a path separator, not an escape, except before a
/// double quote.
/// </summary>
internal static class CommandLineSplitter
{
    public static bool TrySplit(string text, bool windows, [NotNullWhen(true)] out IReadOnlyList<string>? words, [NotNullWhen(false)] out string? error)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        result.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return Fail("it has an unterminated ' quote", out words, out error);
                    }

                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    if (!TryReadDoubleQuoted(text, ref i, current, windows))
                    {
                        return Fail("it has an unterminated \" quote", out words, out error);
                    }

                    inWord = true;
                    break;
                case '\\' when !windows || (i + 1 < text.Length && text[i + 1] == '"'):
                    if (i + 1 == text.Length)
                    {
                        return Fail("it ends with a lone \\", out words, out error);
                    }

                    current.Append(text[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            result.Add(current.ToString());
        }

        if (result.Count == 0)
        {
            return Fail("it is empty", out words, out error);
        }

        words = result;
        error = null;
        return true;
    }

    /// <summary>Reads from the opening quote at <paramref name="i"/> to its closing quote, leaving <paramref name="i"/> on it.</summary>
    private static bool TryReadDoubleQuoted(string text, ref int i, StringBuilder current, bool windows)
    {
        for (var j = i + 1; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '"')
            {
                i = j;
                return true;
            }

            // In double quotes a POSIX shell only unescapes \" \\ \$ \` (Windows programs: only \").
            if (c == '\\' && j + 1 < text.Length && (windows ? text[j + 1] == '"' : text[j + 1] is '"' or '\\' or '$' or '`'))
            {
                current.Append(text[++j]);
                continue;
            }

            current.Append(c);
        }

        return false;
    }

    private static bool Fail(string message, out IReadOnlyList<string>? words, out string? error)
    {
        words = null;
        error = message;
        return false;
    }
}
