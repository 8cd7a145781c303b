using System.Text.Json.Nodes;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpBridge.Connectors.Packages;

/// <summary>
/// Starts a package once, as a tool instance would be started (same command, environment and sandbox, in a scratch
/// folder), asks it for <c>initialize</c> and <c>tools/list</c> within <see cref="PackagesOptions.DryRunTimeout"/>,
/// and stops it. One dry run at a time: each may be an npm download, and the host has other work.
/// </summary>
public sealed partial class PackageDryRun(IOptions<PackagesOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
{
    /// <summary>The value a required variable without a default gets in a dry run: most servers only use it on a call.</summary>
    public const string PlaceholderValue = "dry-run";

    private const int MaxToolDescriptionLength = 300;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PackageDryRun>();

    /// <summary>Runs <paramref name="connector"/>'s package once; on success its catalog entry lists what it found.</summary>
    public async Task<PackageDryRunResult> RunAsync(StdioPackageConnector connector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        await _oneAtATime.WaitAsync(cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("mcpb-dry-run-");
        var timeout = options.Value.DryRunTimeout;
        var tail = new StderrTail();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            var result = await ListToolsAsync(connector, scratch.FullName, tail, limit.Token);
            if (result.Count == 0)
            {
                return Failed(connector, "it started but offers no tools.");
            }

            var at = _time.GetUtcNow();
            connector.LearnTools(result, at);
            Log.Learned(_logger, connector.Id, result.Count);
            return new PackageDryRunResult(result, null, at);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(connector, $"it did not answer initialize and tools/list within {timeout.TotalSeconds:0} s.{tail.Describe()}");
        }
        catch (SourceUnavailableException ex)
        {
            return Failed(connector, ex.Message + tail.Describe());
        }
        catch (ArgumentException ex)
        {
            return Failed(connector, ex.Message);
        }
        finally
        {
            _oneAtATime.Release();
            DeleteQuietly(scratch);
        }
    }

    private async Task<IReadOnlyList<ConnectorToolInfo>> ListToolsAsync(StdioPackageConnector connector, string folder, ISourceEventSink events, CancellationToken cancellationToken)
    {
        var source = await connector.CreateSourceAsync(new ConnectorContext
        {
            ServerId = "dry-run",
            InstanceName = "dry-run",
            Config = DryRunConfig(connector.Definition),
            DataDirectory = folder,
            Events = events,
            LoggerFactory = _loggerFactory,
            TimeProvider = _time,
        }, cancellationToken);
        await using (source)
        {
            var catalog = await source.GetCatalogAsync(cancellationToken);
            return catalog.Tools
                .Select(t => new ConnectorToolInfo(t.Name, Summary(t.Description ?? t.Title ?? t.Name)))
                .ToArray();
        }
    }

    /// <summary>Defaults where the definition has them, a placeholder for what is required: no user's secret is ever used.</summary>
    internal static JsonObject DryRunConfig(PackageDefinition definition)
    {
        var config = new JsonObject();
        foreach (var (variable, spec) in definition.Env)
        {
            if (spec.Value is null && (spec.Default is not null || spec.Required))
            {
                config[variable] = spec.Default ?? PlaceholderValue;
            }
        }

        return config;
    }

    // Catalog entries show a line per tool; the model gets the full description from the running package.
    private static string Summary(string description)
    {
        var text = description.Trim();
        var paragraph = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (paragraph > 0)
        {
            text = text[..paragraph];
        }

        text = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length <= MaxToolDescriptionLength ? text : string.Concat(text.AsSpan(0, MaxToolDescriptionLength - 1).TrimEnd(), "…");
    }

    private PackageDryRunResult Failed(StdioPackageConnector connector, string reason)
    {
        Log.Failed(_logger, connector.Id, reason);
        return new PackageDryRunResult(null, $"The dry run of '{connector.Id}' failed: {reason}", _time.GetUtcNow());
    }

    private static void DeleteQuietly(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // The process may hold a file for a moment after it ends; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The last lines the package reported (stderr, masked and cut by the connector): why it failed, usually.</summary>
    private sealed class StderrTail : ISourceEventSink
    {
        private const int Lines = 5;
        private readonly Queue<string> _lines = new();

        public void Report(SourceEventLevel level, string message)
        {
            lock (_lines)
            {
                _lines.Enqueue(message);
                if (_lines.Count > Lines)
                {
                    _lines.Dequeue();
                }
            }
        }

        public string Describe()
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? string.Empty : " Last output: " + string.Join(" | ", _lines);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dry run of package {PackageId}: {Count} tools")]
        public static partial void Learned(ILogger logger, string packageId, int count);

        [LoggerMessage(2, LogLevel.Warning, "Dry run of package {PackageId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string packageId, string reason);
    }
}
