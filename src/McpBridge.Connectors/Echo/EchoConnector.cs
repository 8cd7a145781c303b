using System.ComponentModel;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Echo;

/// <summary>One tool that answers with what it was given: for checking that a client reaches the server (and for benchmarks).</summary>
public sealed class EchoConnector : IConnector
{
    public const string ConnectorId = "echo";

    private static readonly ConnectorToolInfo s_echo = new(
        "echo",
        "Return the given message prefixed with 'Echo: '. Use it to check that the connection to this server works.");

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object([]);

    public string Id => ConnectorId;

    public string Name => "Echo";

    public string Description => "A single tool that repeats a message back: a quick way to check that a client is connected.";

    public string Category => ConnectorCategories.DeveloperTools;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools { get; } = [s_echo];

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        ConnectorConfig.Load(s_schema, context.Config, Id);
        var tool = ConnectorTool.Create(
            ([Description("The message to send back.")] string message) => $"Echo: {message}",
            s_echo,
            readOnly: true,
            openWorld: false);
        return new ValueTask<IMcpSource>(new InProcessSource([tool]));
    }
}
