namespace McpBridge.Cli.Infrastructure;

/// <summary>Environment variables, behind an interface so tests can set them without touching the process.</summary>
internal interface ICliEnvironment
{
    string? GetVariable(string name);

    /// <summary>Every variable, for a child process that runs in the user's environment (<c>start custom</c>).</summary>
    IReadOnlyDictionary<string, string> GetVariables();
}
