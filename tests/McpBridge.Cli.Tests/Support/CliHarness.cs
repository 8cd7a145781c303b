using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Tests.Support;

/// <summary>
/// Runs the CLI in-process by parse-and-invoke, with a recorded console, a private environment and a private
/// config folder (deleted on dispose).
/// </summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        ConfigDirectory = Path.Combine(Path.GetTempPath(), "mcp-bridge-cli-tests", Guid.NewGuid().ToString("N"));
        Environment = new TestEnvironment().Set(EnvironmentVariables.ConfigDir, ConfigDirectory);
    }

    public string ConfigDirectory { get; }

    public string ConfigFile => Path.Combine(ConfigDirectory, "config.json");

    public TestEnvironment Environment { get; }

    public Func<string[], CancellationToken, Task>? ServerRunner { get; set; }

    /// <summary>The clock commands see (relative times, time left); the system clock when null.</summary>
    public TimeProvider? Time { get; set; }

    public async Task<CliRun> RunAsync(params string[] args) => await RunWithInputAsync(stdin: "", isInputRedirected: true, args);

    public async Task<CliRun> RunWithInputAsync(string stdin, bool isInputRedirected, params string[] args)
    {
        var console = new TestConsole(stdin, isInputRedirected);
        var context = new CliContext(console, Environment, Time, serverRunner: ServerRunner);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await CliApp.RunAsync(args, context, handleTermination: false, timeout.Token);
        return new CliRun(exitCode, console.StdOut, console.StdErr);
    }

    public void WriteConfig(string json)
    {
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(ConfigFile, json);
    }

    public void Dispose()
    {
        if (Directory.Exists(ConfigDirectory))
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
    }
}
