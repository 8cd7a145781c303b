using McpBridge.Cli.Commands.Start;
using McpBridge.Cli.Infrastructure;
using McpBridge.Client.Tunnels;

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

    /// <summary>Makes the tunnel <c>start</c> connects (a fake agent); null uses the SDK's real connector.</summary>
    public Func<CloudConnectorOptions, ITunnelAgent>? TunnelFactory { get; set; }

    /// <summary>The clock commands see (relative times, time left); the system clock when null.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>The console of the latest run; a test waits on it for output while a long-running command runs.</summary>
    public TestConsole Console { get; private set; } = new();

    public async Task<CliRun> RunAsync(params string[] args) => await RunWithInputAsync(stdin: "", isInputRedirected: true, args);

    public Task<CliRun> RunWithInputAsync(string stdin, bool isInputRedirected, params string[] args) =>
        RunCoreAsync(new TestConsole(stdin, isInputRedirected), CancellationToken.None, args);

    /// <summary>Runs until the command ends by itself or <paramref name="stop"/> is cancelled (what Ctrl+C does).</summary>
    public Task<CliRun> RunUntilStoppedAsync(CancellationToken stop, params string[] args) =>
        RunCoreAsync(new TestConsole(), stop, args);

    private async Task<CliRun> RunCoreAsync(TestConsole console, CancellationToken stop, string[] args)
    {
        Console = console;
        var context = new CliContext(console, Environment, Time, serverRunner: ServerRunner, tunnelFactory: TunnelFactory);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
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
