using System.Diagnostics;

namespace McpBridge.Cli.Tests.Support;

/// <summary>The built CLI running as a child process with redirected stdio; killed on dispose if still running.</summary>
internal sealed class BridgeProcess : IDisposable
{
    private BridgeProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public StreamWriter StandardInput => Process.StandardInput;

    public StreamReader StandardOutput => Process.StandardOutput;

    public StreamReader StandardError => Process.StandardError;

    public int ExitCode => Process.ExitCode;

    public static BridgeProcess Start(params string[] cliArguments) => Start(new Dictionary<string, string?>(), cliArguments);

    /// <summary>Starts the CLI with <paramref name="environment"/> set on top of this process's (a null value removes one).</summary>
    public static BridgeProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] cliArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(CliExecutable.DllPath);
        foreach (var argument in cliArguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new BridgeProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => Process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends SIGINT, what Ctrl+C in a terminal sends.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Process.Dispose();
    }
}
