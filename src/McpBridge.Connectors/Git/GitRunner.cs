using System.ComponentModel;
using System.Diagnostics;
using ModelContextProtocol;

namespace McpBridge.Connectors.Git;

/// <summary>
/// Runs the <c>git</c> CLI: arguments as a list (never a shell), stdin closed, no pager, no prompts, no optional
/// locks, no fsmonitor hook, paths unquoted, pathspecs literal, output capped and a timeout that kills the
/// process tree.
/// </summary>
internal sealed class GitRunner
{
    private const int MaxErrorBytes = 16 * 1024;

    private static readonly string s_nullDevice = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

    /// <summary>Settings from the environment that would change what git does or where it connects.</summary>
    private static readonly string[] s_proxyVariables = ["http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"];

    private readonly GitRunnerOptions _options;

    public GitRunner(GitRunnerOptions options) => _options = options;

    public GitRunnerOptions Options => _options;

    /// <summary>
    /// Runs <c>git -C {directory} {arguments}</c>. A non-zero exit is a result, not an exception; a timeout throws
    /// <see cref="TimeoutException"/>, and a missing git executable an <see cref="McpException"/>.
    /// </summary>
    /// <param name="network">Allow transports (only the clone does, and it names the ones it allows itself).</param>
    /// <param name="maxOutputBytes">A cap other than the default, e.g. none worth speaking of for a clone.</param>
    public async Task<GitResult> RunAsync(
        string? directory,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        bool network = false,
        int? maxOutputBytes = null)
    {
        var start = CreateStartInfo(directory, arguments, network);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new McpException("git is not installed on this machine (or not on PATH); the git tools need it.");
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Not cancelled with the rest: the stream ends when the process is killed, and nothing is left unobserved.
            var error = KeepHeadAsync(process.StandardError.BaseStream, MaxErrorBytes);
            var (output, truncated) = await CappedRead.ReadAsync(process.StandardOutput.BaseStream, maxOutputBytes ?? _options.MaxOutputBytes, linked.Token);
            if (truncated)
            {
                // git would otherwise block on a full pipe; what was read is all that will be shown.
                Kill(process);
            }

            var errorBytes = await error;
            await process.WaitForExitAsync(linked.Token);
            return new GitResult(truncated ? 0 : process.ExitCode, output, truncated, System.Text.Encoding.UTF8.GetString(errorBytes));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            Kill(process);
            throw new TimeoutException($"git took longer than {_options.Timeout.TotalSeconds:0} s and was stopped.");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    private ProcessStartInfo CreateStartInfo(string? directory, IEnumerable<string> arguments, bool network)
    {
        var start = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };

        // Inherited GIT_DIR, GIT_WORK_TREE, GIT_CONFIG_* or an askpass program would redirect or change every command.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.OrdinalIgnoreCase) || k is "SSH_ASKPASS" or "EDITOR" or "VISUAL").ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["PAGER"] = "cat";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANGUAGE"] = string.Empty;
        if (_options.Isolated)
        {
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            start.Environment["GIT_CONFIG_GLOBAL"] = s_nullDevice;
            foreach (var name in s_proxyVariables)
            {
                start.Environment.Remove(name);
            }
        }

        var list = start.ArgumentList;
        if (directory is not null)
        {
            list.Add("-C");
            list.Add(directory);
        }

        list.Add("--no-pager");
        list.Add("--no-optional-locks");
        list.Add("--literal-pathspecs");
        foreach (var setting in (string[])["core.quotepath=off", "core.fsmonitor=false", "color.ui=false", "core.pager=cat", "credential.helper="])
        {
            list.Add("-c");
            list.Add(setting);
        }

        if (_options.Isolated && !network)
        {
            list.Add("-c");
            list.Add("protocol.allow=never");
        }

        foreach (var argument in arguments)
        {
            list.Add(argument);
        }

        return start;
    }

    /// <summary>Reads a stream to its end (so the writer never blocks on it) and keeps its first bytes.</summary>
    private static async Task<byte[]> KeepHeadAsync(Stream stream, int cap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, (int)Math.Min(read, Math.Max(0, cap - buffer.Length)));
        }

        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting at this very moment.
        }
    }
}
