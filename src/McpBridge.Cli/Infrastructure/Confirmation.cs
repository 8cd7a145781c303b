using System.CommandLine;

namespace McpBridge.Cli.Infrastructure;

/// <summary>The "are you sure?" of destructive verbs: their <c>--yes</c> option, and the y/N question on stderr.</summary>
internal static class Confirmation
{
    public static Option<bool> CreateYesOption() => new("--yes", "-y")
    {
        Description = "Do not ask for confirmation (needed when stdin is not a terminal).",
    };

    /// <summary>Asks <paramref name="question"/> with <c>[y/N]</c>; true only for y or yes.</summary>
    public static async Task<bool> AskAsync(ICliConsole console, string question, CancellationToken cancellationToken)
    {
        await console.Error.WriteAsync(question + " [y/N] ");

        // Console.In reads synchronously, even through ReadLineAsync, and ignores the token: read on the
        // thread pool so that Ctrl+C ends the wait at once (the abandoned read ends with the process).
        var answer = (await Task.Run(console.Input.ReadLine, CancellationToken.None).WaitAsync(cancellationToken))?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }
}
