using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace McpBridge.EndToEnd.Tests.Start;

/// <summary>
/// <c>mcp-bridge</c> running as a child process (stdout and stderr captured line by line), for commands that run until
/// Ctrl+C: a test waits for a line, then interrupts it like a terminal does. Killed on dispose if still running.
/// </summary>
internal sealed partial class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>stdout and stderr so far, interleaved as the lines arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public int ProcessId => _process.Id;

    public static CliProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartProgram("mcp-bridge.dll", environment, arguments);

    /// <summary>Another .NET program built next to the tests (a referenced sample), run the same way.</summary>
    public static CliProcess StartProgram(string dll, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been printed; fails if the process exits first.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        TaskCompletionSource seen;
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
        }

        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(seen.Task, exited).WaitAsync(timeout) != seen.Task)
        {
            throw new InvalidOperationException($"mcp-bridge exited with {_process.ExitCode} before printing '{text}':\n{Output}");
        }
    }

    /// <summary>Sends SIGINT (what Ctrl+C does) and returns the exit code.</summary>
    /// <summary>Waits for the process to end on its own (and for its output to be read to the end); its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Seen.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>The public URL <c>mcp-bridge start</c> printed: the line after "✓ Connected to ...", two spaces in.</summary>
    public string PrintedTunnelUrl => TunnelUrlLine().Match(Output).Groups[1].Value;

    /// <summary>A loopback port free right now, for a <c>serve --urls</c>.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"✓ Connected to .*\n\s*\n  (http\S+)")]
    private static partial Regex TunnelUrlLine();
}
