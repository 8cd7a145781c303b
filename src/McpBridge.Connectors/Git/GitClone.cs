using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using McpBridge.Connectors.Egress;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpBridge.Connectors.Git;

/// <summary>
/// A hosted tool's shallow clone of a public https repository, made on first use in a folder of its own under
/// <c>{DataDirectory}/git</c> and deleted when the tool stops. The host is checked by the egress guard, and git is
/// pinned to the addresses the guard approved (<c>http.curloptResolve</c>), so DNS cannot point it elsewhere
/// afterwards; redirects are not followed and every transport but https is disabled.
/// </summary>
internal sealed partial class GitClone : IAsyncDisposable
{
    /// <summary>Every clone folder in use in this process, so that leftovers of a crash can be told from them.</summary>
    private static readonly ConcurrentDictionary<string, byte> s_active = new(StringComparer.Ordinal);

    private readonly Uri _url;
    private readonly string? _branch;
    private readonly string _parent;
    private readonly string _prefix;
    private readonly EgressGuard _egress;
    private readonly GitRunner _runner;
    private readonly GitCloneOptions _options;
    private readonly ISourceEventSink? _events;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;
    private bool _disposed;

    public GitClone(Uri url, string? branch, string dataDirectory, string instanceName, EgressGuard egress, GitRunnerOptions runnerOptions, GitCloneOptions options, ISourceEventSink? events, ILoggerFactory loggerFactory)
    {
        _url = url;
        _branch = branch;
        _parent = Path.Combine(dataDirectory, "git");
        _prefix = FolderKey(instanceName) + ".";
        Folder = Path.Combine(_parent, _prefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)));
        _egress = egress;
        _runner = new GitRunner(runnerOptions with { Timeout = options.Timeout, MaxOutputBytes = 64 * 1024 });
        _options = options;
        _events = events;
        _logger = loggerFactory.CreateLogger<GitClone>();
        _timeProvider = runnerOptions.TimeProvider;
        s_active.TryAdd(Folder, 0);
    }

    /// <summary>Where the clone is (or will be).</summary>
    public string Folder { get; }

    /// <summary>The clone's folder, cloning first if this is the first use. Concurrent first calls wait for one clone.</summary>
    public async Task<string> GetRootAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return Folder;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_ready)
            {
                await CloneAsync(cancellationToken);
                _ready = true;
            }

            return Folder;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloneAsync(CancellationToken cancellationToken)
    {
        RemoveLeftovers();
        Directory.CreateDirectory(_parent);
        var host = _url.IdnHost;
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await _egress.EnsureAllowedAsync(host, _url.Port, cancellationToken);
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException($"Cannot clone {_url}: {ex.Message}.");
        }
        catch (SocketException)
        {
            throw new McpException($"Cannot clone {_url}: the host '{host}' could not be found.");
        }

        await CloneFromAsync(addresses, cancellationToken);
    }

    /// <summary>
    /// Clones from the URL, connecting only to <paramref name="addresses"/> (already vetted by the egress guard).
    /// Internal so that tests can show that git's own protocol rules refuse what the URL check would have.
    /// </summary>
    internal async Task CloneFromAsync(IReadOnlyList<IPAddress> addresses, CancellationToken cancellationToken)
    {
        var host = _url.IdnHost;
        var arguments = new List<string> { "-c", "protocol.allow=never", "-c", "protocol.https.allow=always", "-c", "http.followRedirects=false" };
        if (addresses.Count > 0 && !IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            arguments.Add("-c");
            arguments.Add($"http.curloptResolve={host}:{_url.Port}:{string.Join(',', addresses.Select(FormatAddress))}");
        }

        foreach (var setting in _options.ExtraConfig)
        {
            arguments.Add("-c");
            arguments.Add(setting);
        }

        arguments.AddRange(["clone", "--quiet", "--depth", _options.Depth.ToString(CultureInfo.InvariantCulture), "--single-branch", "--config", "core.symlinks=false"]);
        if (_branch is not null)
        {
            arguments.Add("--branch");
            arguments.Add(_branch);
        }

        arguments.AddRange(["--", _url.AbsoluteUri, Folder]);
        await RunCloneAsync(arguments, cancellationToken);
    }

    private async Task RunCloneAsync(List<string> arguments, CancellationToken cancellationToken)
    {
        Log.Cloning(_logger, _url.ToString());
        var started = Stopwatch.GetTimestamp();
        using var tooBig = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchStop = new CancellationTokenSource();
        var exceeded = false;
        var watch = WatchSizeAsync(() =>
        {
            exceeded = true;
            tooBig.Cancel();
        }, watchStop.Token);

        GitResult result;
        try
        {
            result = await _runner.RunAsync(null, arguments, tooBig.Token, network: true, maxOutputBytes: 64 * 1024);
        }
        catch (OperationCanceledException) when (exceeded && !cancellationToken.IsCancellationRequested)
        {
            DeleteFolder(Folder);
            throw new McpException($"Cannot clone {_url}: the repository is larger than {FormatSize(_options.MaxBytes)}, the most a hosted clone may take.");
        }
        catch (TimeoutException)
        {
            DeleteFolder(Folder);
            throw new McpException($"Cloning {_url} took longer than {_options.Timeout.TotalSeconds:0} s and was stopped.");
        }
        catch
        {
            DeleteFolder(Folder);
            throw;
        }
        finally
        {
            await watchStop.CancelAsync();
            await watch;
        }

        if (!result.Succeeded)
        {
            DeleteFolder(Folder);
            Log.CloneFailed(_logger, _url.ToString(), result.ErrorMessage);
            throw new McpException($"Could not clone {_url}: {Explain(result.ErrorMessage)}");
        }

        var size = FolderSize(Folder);
        if (size > _options.MaxBytes)
        {
            DeleteFolder(Folder);
            throw new McpException($"Cannot clone {_url}: the repository is larger than {FormatSize(_options.MaxBytes)}, the most a hosted clone may take.");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Log.Cloned(_logger, _url.ToString(), size, elapsed.TotalMilliseconds);
        _events?.Report(SourceEventLevel.Info, $"Cloned {_url}{(_branch is null ? string.Empty : $" (branch {_branch})")}: {FormatSize(size)} in {elapsed.TotalSeconds:0.0} s.");
    }

    private async Task WatchSizeAsync(Action onExceeded, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.SizeCheckInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (FolderSize(Folder) > _options.MaxBytes)
                {
                    onExceeded();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The clone finished.
        }
    }

    /// <summary>Turns git's reasons into advice; git's own words follow where they say more.</summary>
    private string Explain(string error)
    {
        if (error.Contains("transport '", StringComparison.Ordinal) && error.Contains("not allowed", StringComparison.Ordinal))
        {
            return $"only https:// repositories may be cloned ({error}).";
        }

        if (error.Contains("could not read Username", StringComparison.OrdinalIgnoreCase) ||
            error.Contains("Authentication failed", StringComparison.OrdinalIgnoreCase) ||
            error.Contains("not found", StringComparison.OrdinalIgnoreCase) && error.Contains("Repository", StringComparison.OrdinalIgnoreCase) ||
            error.Contains("returned error: 401", StringComparison.Ordinal) || error.Contains("returned error: 403", StringComparison.Ordinal) ||
            error.Contains("returned error: 404", StringComparison.Ordinal))
        {
            return $"the repository does not exist or is not public; only public repositories can be cloned ({error}).";
        }

        if (_branch is not null && error.Contains("Remote branch", StringComparison.Ordinal))
        {
            return $"the branch '{_branch}' does not exist in the repository.";
        }

        if (error.Contains("redirect", StringComparison.OrdinalIgnoreCase))
        {
            return $"the server answered with a redirect, which is not followed; configure the repository's final URL ({error}).";
        }

        if (error.Contains("SSL", StringComparison.Ordinal) || error.Contains("certificate", StringComparison.OrdinalIgnoreCase))
        {
            return $"the server's TLS certificate was not accepted ({error}).";
        }

        return error;
    }

    /// <summary>Deletes clones of this tool that no running instance owns: what a crash or a kill left behind.</summary>
    private void RemoveLeftovers()
    {
        if (!Directory.Exists(_parent))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(_parent, _prefix + "*"))
        {
            if (!s_active.ContainsKey(folder))
            {
                DeleteFolder(folder);
            }
        }
    }

    private static long FolderSize(string folder)
    {
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
            return new DirectoryInfo(folder).EnumerateFiles("*", options).Sum(f =>
            {
                try
                {
                    return f.Length;
                }
                catch (IOException)
                {
                    return 0;
                }
            });
        }
        catch (IOException)
        {
            // Files come and go while git works; the next measurement sees them.
            return 0;
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Pack files are read-only, which only Windows minds.
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // In use for a moment; the next clone of this tool removes it.
        }
    }

    private static string FolderKey(string instanceName)
    {
        var key = new string(instanceName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(40).ToArray());
        return key.Length == 0 ? "repo" : key;
    }

    private static string FormatAddress(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MiB"
        : $"{bytes / 1024.0:0.#} KiB";

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            DeleteFolder(Folder);
            s_active.TryRemove(Folder, out _);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cloning {Url}")]
        public static partial void Cloning(ILogger logger, string url);

        [LoggerMessage(2, LogLevel.Information, "Cloned {Url}: {Bytes} bytes in {ElapsedMs} ms")]
        public static partial void Cloned(ILogger logger, string url, long bytes, double elapsedMs);

        [LoggerMessage(3, LogLevel.Warning, "Could not clone {Url}: {Reason}")]
        public static partial void CloneFailed(ILogger logger, string url, string reason);
    }
}
