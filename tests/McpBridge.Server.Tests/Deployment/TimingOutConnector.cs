using System.Text.Json.Nodes;
using McpBridge.Connectors;
using McpBridge.Mcp.Sources;

namespace McpBridge.Server.Tests.Deployment;

/// <summary>A test connector that fails to start the way an HTTP client's timeout does: with a cancellation of its own.</summary>
internal sealed class TimingOutConnector : IConnector
{
    public const string ConnectorId = "times-out";

    public string Id => ConnectorId;

    public string Name => "Times out";

    public string Description => "Never starts (tests only).";

    public string Category => ConnectorCategories.DeveloperTools;

    public bool Premium => false;

    public JsonObject ConfigSchema => new() { ["type"] = "object", ["properties"] = new JsonObject(), ["additionalProperties"] = false };

    public IReadOnlyList<ConnectorToolInfo> Tools { get; } = [];

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken) =>
        ValueTask.FromException<IMcpSource>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing."));
}
