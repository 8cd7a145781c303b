using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Client;

namespace McpBridge.Connectors.Remote;

/// <summary>Any remote MCP server reached over Streamable HTTP or legacy SSE, through the egress guard.</summary>
public sealed class RemoteConnector : IConnector
{
    public const string ConnectorId = "remote";

    private static readonly string[] s_transports = ["auto", "streamable-http", "sse"];

    /// <summary>Headers the HTTP stack owns; setting them by hand would break framing or routing.</summary>
    private static readonly HashSet<string> s_reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Upgrade", "Keep-Alive", "TE", "Trailer",
        "Proxy-Connection", "Mcp-Session-Id", "Mcp-Protocol-Version", "Accept", "Last-Event-ID",
    };

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object(
        new JsonObject
        {
            ["url"] = ConfigSchemaBuilder.String("Server URL", "The remote MCP endpoint, e.g. https://example.com/mcp (or its /sse endpoint).", minLength: 1, maxLength: 2000, format: "uri"),
            ["headers"] = ConfigSchemaBuilder.StringMap("Headers", "HTTP headers sent with every request, e.g. Authorization: Bearer ...", secret: true),
            ["transport"] = ConfigSchemaBuilder.String("Transport", "auto tries Streamable HTTP first and falls back to SSE.", defaultValue: "auto", allowed: s_transports),
        },
        "url");

    private readonly EgressGuard _egress;

    public RemoteConnector(EgressGuard egress)
    {
        _egress = egress;
    }

    public string Id => ConnectorId;

    public string Name => "Remote MCP server";

    public string Description => "Connect any MCP server reachable over HTTPS (Streamable HTTP or SSE) and serve its tools, resources and prompts from this server.";

    public string Category => ConnectorCategories.Remote;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    // A remote server's tools are only known once it is reached.
    public IReadOnlyList<ConnectorToolInfo> Tools { get; } = [];

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(s_schema, context.Config, Id);
        var endpoint = new Uri(config.GetString("url")!);
        var headers = config.GetStringMap("headers");
        foreach (var (name, value) in headers)
        {
            if (s_reservedHeaders.Contains(name) || !IsValidHeader(name, value))
            {
                throw new ArgumentException($"Invalid configuration for '{Id}': headers.{name}: cannot be set (reserved or not a valid HTTP header).", nameof(context));
            }
        }

        var mode = config.GetString("transport") switch
        {
            "streamable-http" => HttpTransportMode.StreamableHttp,
            "sse" => HttpTransportMode.Sse,
            _ => HttpTransportMode.AutoDetect,
        };

        var source = new ClientSource(new ClientSourceOptions
        {
            Name = context.InstanceName,
            CreateTransport = _ =>
            {
                // One HttpClient per upstream connection, owned (and disposed) by its transport. No redirects: .NET
                // drops only Authorization on a cross-host redirect, and the other configured headers are secrets too.
                var client = new HttpClient(_egress.CreateHttpHandler(allowAutoRedirect: false), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
                var transport = new HttpClientTransport(
                    new HttpClientTransportOptions
                    {
                        Endpoint = endpoint,
                        TransportMode = mode,
                        Name = context.InstanceName,
                        AdditionalHeaders = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase),
                    },
                    client,
                    context.LoggerFactory,
                    ownsHttpClient: true);
                return new ValueTask<IClientTransport>(transport);
            },
            Secrets = [.. headers.Values.Where(v => v.Length > 0), .. SecretParts(headers.Values)],
            Events = context.Events,
            LoggerFactory = context.LoggerFactory,
            TimeProvider = context.TimeProvider,
        });
        return new ValueTask<IMcpSource>(source);
    }

    /// <summary>"Bearer abc" is masked whole, and its token alone too, since errors may quote either.</summary>
    private static IEnumerable<string> SecretParts(IEnumerable<string> values) =>
        values.Select(v => v.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 2).Select(p => p[1]);

    private static bool IsValidHeader(string name, string value)
    {
        using var probe = new HttpRequestMessage();
        try
        {
            return probe.Headers.TryAddWithoutValidation(name, value) && !value.Contains('\r', StringComparison.Ordinal) && !value.Contains('\n', StringComparison.Ordinal) &&
                name.All(c => c > 32 && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
