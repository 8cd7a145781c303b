using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Tests.Support;

/// <summary>Environment variables for one test, isolated from the process's own.</summary>
internal sealed class TestEnvironment : ICliEnvironment
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public string? GetVariable(string name) => _variables.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string> GetVariables() => new Dictionary<string, string>(_variables, StringComparer.Ordinal);

    public TestEnvironment Set(string name, string? value)
    {
        if (value is null)
        {
            _variables.Remove(name);
        }
        else
        {
            _variables[name] = value;
        }

        return this;
    }
}
