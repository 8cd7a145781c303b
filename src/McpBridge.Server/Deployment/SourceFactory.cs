using System.Text.Json.Nodes;
using McpBridge.Connectors;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Server.Hosting;
using McpBridge.Server.Servers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Deployment;

/// <summary>Turns a deployed tool into a running source: decrypts its secrets and asks its connector to create it.</summary>
internal sealed partial class SourceFactory(
    ConnectorCatalog catalog,
    SecretProtector secrets,
    IOptions<BridgeOptions> options,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SourceFactory>();

    public async Task<CompositeSource> CreateAsync(string serverId, DeployedTool tool, ISourceEventSink events, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(tool.ConnectorId, out var connector))
        {
            events.Report(SourceEventLevel.Error, $"Tool '{tool.Name}': connector '{tool.ConnectorId}' is no longer in the catalog.");
            return new CompositeSource(tool.Name, tool.ConnectorId, new FailedSource($"connector '{tool.ConnectorId}' is no longer available"));
        }

        try
        {
            var config = secrets.Reveal(tool.ConfigJson, tool.SecretsProtected);

            var folder = Path.Combine(options.Value.ServersDirectory, serverId);
            Directory.CreateDirectory(folder);
            var source = await connector.CreateSourceAsync(new ConnectorContext
            {
                ServerId = serverId,
                InstanceName = tool.Name,
                Config = config,
                DataDirectory = folder,
                Events = new NamedSink(tool.Name, events),
                LoggerFactory = loggerFactory,
                TimeProvider = timeProvider,
            }, cancellationToken);
            return new CompositeSource(tool.Name, tool.ConnectorId, source);
        }
        // A connector's own timeout (an HttpClient's, say) is a failure to start like any other; only our token stops us.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CreateFailed(_logger, serverId, tool.Name, ex);
            events.Report(SourceEventLevel.Error, $"Tool '{tool.Name}' ({tool.ConnectorId}) could not start: {SafeMessage(ex)}");
            return new CompositeSource(tool.Name, tool.ConnectorId, new FailedSource($"could not start: {SafeMessage(ex)}"));
        }
    }

    // Exception messages of our own connectors are written for users; anything else may carry internals.
    private static string SafeMessage(Exception ex) => ex is SourceUnavailableException or ArgumentException or InvalidOperationException or IOException ? ex.Message : "internal error";

    private sealed class NamedSink(string name, ISourceEventSink inner) : ISourceEventSink
    {
        public void Report(SourceEventLevel level, string message) =>
            inner.Report(level, message.StartsWith($"'{name}'", StringComparison.Ordinal) ? message : $"[{name}] {message}");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Server {ServerId}: tool {Tool} could not start")]
        public static partial void CreateFailed(ILogger logger, string serverId, string tool, Exception exception);
    }
}
