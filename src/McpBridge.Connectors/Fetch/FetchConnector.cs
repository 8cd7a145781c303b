using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Fetch;

/// <summary>Web fetch: GET any public URL and read it as text or Markdown. Private and internal addresses are refused.</summary>
public sealed class FetchConnector : IConnector
{
    public const string ConnectorId = "fetch";
    internal const string DefaultUserAgent = "McpBridge-Fetch/0.1 (+model context protocol fetch tool)";

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object(new JsonObject
    {
        ["userAgent"] = ConfigSchemaBuilder.String("User agent", "The User-Agent header sent with each request. Leave empty for the default.", maxLength: 300),
        ["timeoutSeconds"] = ConfigSchemaBuilder.Integer("Timeout (seconds)", "How long one fetch may take, in seconds.", 30, 1, 120),
    });

    private readonly EgressGuard _egress;
    private readonly TimeSpan _conversionBudget;

    public FetchConnector(EgressGuard egress)
        : this(egress, TimeSpan.FromSeconds(10))
    {
    }

    /// <param name="conversionBudget">The most time converting one page to Markdown may take; a page nested thousands deep is a denial of service otherwise.</param>
    internal FetchConnector(EgressGuard egress, TimeSpan conversionBudget)
    {
        _egress = egress;
        _conversionBudget = conversionBudget;
    }

    public string Id => ConnectorId;

    public string Name => "Web fetch";

    public string Description => "Fetch web pages and other text from the internet; pages are converted to Markdown, long ones are read in pages.";

    public string Category => ConnectorCategories.Web;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools { get; } = [FetchTools.FetchInfo];

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(s_schema, context.Config, Id);
        var userAgent = config.GetString("userAgent") is { Length: > 0 } configured ? configured : DefaultUserAgent;
        var timeout = TimeSpan.FromSeconds(config.GetInteger("timeoutSeconds", 30));

        // The tool applies its own timeout, so that it can say which one ran out.
        var client = new HttpClient(_egress.CreateHttpHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var tools = new FetchTools(client, timeout, userAgent, _conversionBudget);
        return new ValueTask<IMcpSource>(new InProcessSource(
            [tools.CreateTool()],
            dispose: () =>
            {
                client.Dispose();
                return ValueTask.CompletedTask;
            }));
    }
}
