using System.CommandLine;

namespace McpBridge.Cli.Infrastructure;

/// <summary>A command of <c>mcp-bridge</c>: a System.CommandLine command with examples for its help page.</summary>
internal abstract class CliCommand(string name, string description) : Command(name, description), IHasExamples
{
    /// <summary>How long a command may take to stop after Ctrl+C (or SIGTERM) before the process exits anyway.</summary>
    public static readonly TimeSpan DefaultTerminationTimeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Examples { get; protected set; } = [];

    /// <summary>How long this command may take to stop once cancelled; a command that cleans up longer overrides it.</summary>
    public virtual TimeSpan TerminationTimeout => DefaultTerminationTimeout;
}
