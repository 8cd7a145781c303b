using System.CommandLine;

namespace McpBridge.Cli.Infrastructure;

/// <summary>A command of <c>mcp-bridge</c>: a System.CommandLine command with examples for its help page.</summary>
internal abstract class CliCommand(string name, string description) : Command(name, description), IHasExamples
{
    public IReadOnlyList<string> Examples { get; protected set; } = [];
}
