namespace McpBridge.Cli.Tests.Support;

/// <summary>What one in-process run of the CLI did.</summary>
internal sealed record CliRun(int ExitCode, string StdOut, string StdErr);
