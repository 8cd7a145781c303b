namespace McpBridge.TestSupport.Interop;

/// <summary>How a captured process ended.</summary>
/// <param name="ExitCode">Its exit code (meaningless when <paramref name="TimedOut"/>).</param>
/// <param name="Stdout">Everything it wrote to stdout.</param>
/// <param name="Stderr">Everything it wrote to stderr.</param>
/// <param name="TimedOut">Whether it was killed for running past its time limit.</param>
/// <param name="Elapsed">How long it ran.</param>
public sealed record CapturedProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>The last non-empty stdout line (the scripts print their JSON result last).</summary>
    public string LastLine => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    /// <summary>A short description for assertion messages.</summary>
    public string Describe() =>
        $"exit {ExitCode}{(TimedOut ? " (timed out)" : string.Empty)} after {Elapsed.TotalSeconds:0.0} s\n--- stdout ---\n{Tail(Stdout)}\n--- stderr ---\n{Tail(Stderr)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
