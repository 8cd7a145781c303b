using System.Text.Json.Nodes;
using McpBridge.Connectors;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Server;

namespace McpBridge.Server.Tests.Deployment;

/// <summary>A test connector whose source starts only when the test opens the gate: a deploy caught half-way.</summary>
internal sealed class GatedConnector : IConnector
{
    public const string ConnectorId = "gated";

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id => ConnectorId;

    public string Name => "Gated";

    public string Description => "Starts when the test says so (tests only).";

    public string Category => ConnectorCategories.DeveloperTools;

    public bool Premium => false;

    public JsonObject ConfigSchema => new() { ["type"] = "object", ["properties"] = new JsonObject(), ["additionalProperties"] = false };

    public IReadOnlyList<ConnectorToolInfo> Tools { get; } = [new("gated", "Answers once the gate was opened.")];

    public async ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        await Gate.Task.WaitAsync(cancellationToken);
        return new InProcessSource([McpServerTool.Create(() => "through the gate", new McpServerToolCreateOptions { Name = "gated" })]);
    }
}
