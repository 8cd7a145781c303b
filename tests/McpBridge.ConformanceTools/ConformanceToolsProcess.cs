using System.Diagnostics;
using ModelContextProtocol.Client;

namespace McpBridge.ConformanceTools;

/// <summary>Runs this executable (copied next to the tests that reference it) as a child process.</summary>
public sealed class ConformanceToolsProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ConformanceToolsProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public static string DllPath { get; } = typeof(ConformanceToolsProcess).Assembly.Location;

    /// <summary>The child's Streamable HTTP endpoint.</summary>
    public string Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>A stdio transport that starts a fresh <c>McpBridge.ConformanceTools stdio</c> child per connection.</summary>
    public static IClientTransport StdioTransport(bool diagnostics = false) => new StdioClientTransport(new StdioClientTransportOptions
    {
        Name = "conformance-tools",
        Command = "dotnet",
        Arguments = diagnostics ? [DllPath, "stdio", "--diagnostics"] : [DllPath, "stdio"],
        ShutdownTimeout = TimeSpan.FromSeconds(2),
    });

    /// <summary>Starts <c>McpBridge.ConformanceTools http --port 0</c> and waits for the URL it prints.</summary>
    public static async Task<ConformanceToolsProcess> StartHttpAsync(bool diagnostics = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        start.ArgumentList.Add("http");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");

        // The child stops when this process closes its stdin, even if this process dies without cleaning up.
        start.ArgumentList.Add("--exit-with-stdin");
        if (diagnostics)
        {
            start.ArgumentList.Add("--diagnostics");
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null || !line.StartsWith("http://", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"McpBridge.ConformanceTools http printed '{line}' instead of its URL.");
            }

            return new ConformanceToolsProcess(process, line.Trim());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
