namespace McpBridge.Cli.Tests.Support;

/// <summary>
/// In-process CLI tests run one at a time: commands keep their options in static fields (System.CommandLine
/// links each option to every command tree built), and that bookkeeping is not meant for concurrent trees.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CliCollection
{
    public const string Name = "cli-in-process";
}
