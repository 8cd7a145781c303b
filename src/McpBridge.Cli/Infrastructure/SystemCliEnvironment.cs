namespace McpBridge.Cli.Infrastructure;

/// <summary>The process's environment variables.</summary>
internal sealed class SystemCliEnvironment : ICliEnvironment
{
    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
}
