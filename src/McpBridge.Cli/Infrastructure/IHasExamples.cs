namespace McpBridge.Cli.Infrastructure;

/// <summary>A command whose help page ends with examples.</summary>
internal interface IHasExamples
{
    /// <summary>Command lines shown under "Examples:" in <c>--help</c>.</summary>
    IReadOnlyList<string> Examples { get; }
}
