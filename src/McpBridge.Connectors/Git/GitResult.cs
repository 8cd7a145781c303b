using System.Text;

namespace McpBridge.Connectors.Git;

/// <summary>What one git command produced. <see cref="Output"/> holds at most the runner's output cap.</summary>
internal sealed record GitResult(int ExitCode, byte[] Output, bool OutputTruncated, string Error)
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public bool Succeeded => ExitCode == 0;

    /// <summary>The output as text; invalid UTF-8 becomes U+FFFD.</summary>
    public string Text => s_utf8.GetString(Output);

    /// <summary>Whether the output looks binary (a NUL byte in its first 8 KB, the heuristic git uses itself).</summary>
    public bool IsBinary => Output.AsSpan(0, Math.Min(Output.Length, 8000)).Contains((byte)0);

    /// <summary>git's own explanation: its <c>fatal:</c> and <c>error:</c> lines, without the prefixes.</summary>
    public string ErrorMessage
    {
        get
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var reasons = lines
                .Where(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .ToArray();
            var message = reasons.Length > 0 ? string.Join(" ", reasons) : string.Join(" ", lines);
            if (message.Length == 0)
            {
                return $"git exited with code {ExitCode}";
            }

            return message.Length > 600 ? message[..600] + "..." : message;
        }
    }
}
