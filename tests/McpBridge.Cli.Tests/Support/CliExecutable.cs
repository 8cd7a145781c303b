namespace McpBridge.Cli.Tests.Support;

/// <summary>Finds the built <c>mcp-bridge.dll</c> to run as a child process with <c>dotnet</c>.</summary>
internal static class CliExecutable
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // The project reference copies the tool next to the tests; it can run there if its runtimeconfig came too.
        var local = Path.Combine(AppContext.BaseDirectory, "mcp-bridge.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "mcp-bridge.runtimeconfig.json")))
        {
            return local;
        }

        // Otherwise the Cli project's own output, same configuration and framework as this test assembly.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "McpBridge.Cli", "bin", configuration, "net10.0", "mcp-bridge.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("mcp-bridge.dll was not found next to the tests or in src/McpBridge.Cli/bin.");
    }
}
