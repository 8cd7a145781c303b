namespace McpBridge.Cli.Infrastructure;

/// <summary>Environment variables, behind an interface so tests can set them without touching the process.</summary>
internal interface ICliEnvironment
{
    string? GetVariable(string name);
}
