using System.Text.Json.Nodes;
using McpBridge.Connectors;
using McpBridge.Mcp.Sources;
using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.Client;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// A hosted server's source that is an MCP server on the user's own machine, reached through one of their persistent
/// tunnels (<c>mcp-bridge start ... --cloud</c>) inside the relay: one endpoint can combine hosted tools with local ones.
/// Only the server owner's own tunnels can be used.
/// </summary>
internal sealed class TunnelSourceConnector(TunnelRegistry registry, IDbContextFactory<BridgeDbContext> dbFactory) : IConnector
{
    public const string ConnectorId = "tunnel";

    private static readonly JsonObject s_schema = new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["name"] = new JsonObject
            {
                ["type"] = "string",
                ["title"] = "Tunnel",
                ["description"] = "The name of one of your persistent tunnels, e.g. sarah-research (see 'mcp-bridge tunnels list').",
                ["minLength"] = 3,
                ["maxLength"] = 63,
                ["pattern"] = "^[a-z0-9-]+$",
            },
            ["path"] = new JsonObject
            {
                ["type"] = "string",
                ["title"] = "MCP path",
                ["description"] = "The MCP endpoint's path on the tunnel. 'mcp-bridge start' serves /mcp (and /).",
                ["default"] = "/mcp",
                ["pattern"] = "^/[^\\s]*$",
                ["maxLength"] = 500,
            },
        },
        ["required"] = new JsonArray("name"),
        ["additionalProperties"] = false,
    };

    public string Id => ConnectorId;

    public string Name => "My tunnel";

    public string Description => "Tools from an MCP server running on your own machine, through one of your persistent tunnels (mcp-bridge start ... --cloud).";

    public string Category => ConnectorCategories.Remote;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    // The tools are those of whatever runs behind the tunnel.
    public IReadOnlyList<ConnectorToolInfo> Tools { get; } = [];

    public async ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var name = context.Config["name"]?.GetValue<string>() ?? throw new ArgumentException("Invalid configuration for 'tunnel': name is required.", nameof(context));
        var path = context.Config["path"]?.GetValue<string>() ?? "/mcp";
        if (!path.StartsWith('/') || path.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("Invalid configuration for 'tunnel': path must start with '/'.", nameof(context));
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var owner = await db.Servers.Where(s => s.Id == context.ServerId).Select(s => s.AccountId).SingleOrDefaultAsync(cancellationToken);
            var tunnelOwner = await db.TunnelNames.Where(t => t.Name == name && !t.Temporary).Select(t => t.AccountId).SingleOrDefaultAsync(cancellationToken);
            if (owner is null || tunnelOwner != owner)
            {
                throw new ArgumentException($"'{name}' is not one of this account's persistent tunnels. Reserve it with 'mcp-bridge tunnels reserve {name}' and start it with 'mcp-bridge start ... --cloud --name {name}'.", nameof(context));
            }
        }

        var endpoint = new Uri($"http://{name}.tunnel{path}");
        return new ClientSource(new ClientSourceOptions
        {
            Name = context.InstanceName,
            CreateTransport = _ =>
            {
                var client = new HttpClient(new TunnelHttpHandler(registry, name), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
                IClientTransport transport = new HttpClientTransport(
                    new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp, Name = context.InstanceName },
                    client,
                    context.LoggerFactory,
                    ownsHttpClient: true);
                return new ValueTask<IClientTransport>(transport);
            },
            Events = context.Events,
            LoggerFactory = context.LoggerFactory,
            TimeProvider = context.TimeProvider,
        });
    }
}
