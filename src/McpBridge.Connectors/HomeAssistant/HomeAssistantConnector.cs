using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Http;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;

namespace McpBridge.Connectors.HomeAssistant;

/// <summary>
/// Home Assistant over its REST API with a long-lived access token: list entities and their states, read one
/// entity, call services, list services, read history. Every request goes through an <see cref="EgressGuard"/>:
/// the hosted connector gets the host's guard, which refuses private addresses, so a hosted server reaches a
/// Home Assistant only at a public URL (Nabu Casa's remote UI, a tunnel); <c>homeassistant.local</c> is refused,
/// as it should be in the cloud. On a user's own machine (<c>mcp-bridge start home-assistant --url
/// http://homeassistant.local:8123</c>) the CLI uses <see cref="HomeAssistantConnector(bool)"/> with
/// <c>allowPrivateNetworks: true</c>, a guard that allows the local network.
/// </summary>
public sealed class HomeAssistantConnector : IConnector
{
    public const string ConnectorId = "home-assistant";

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object(
        new JsonObject
        {
            ["url"] = ConfigSchemaBuilder.String(
                "Home Assistant URL",
                "The address you open Home Assistant at, e.g. https://abc123.ui.nabu.casa or http://homeassistant.local:8123 (the local address only works with mcp-bridge start on your own network).",
                minLength: 1,
                maxLength: 2000,
                format: "uri"),
            ["token"] = ConfigSchemaBuilder.String(
                "Access token",
                "A long-lived access token: in Home Assistant, open your profile, Security tab, 'Create token'.",
                secret: true,
                minLength: 1,
                maxLength: 4000),
            ["timeoutSeconds"] = ConfigSchemaBuilder.Integer("Timeout (seconds)", "How long one request to Home Assistant may take.", 15, 1, 120),
        },
        "url",
        "token");

    private readonly EgressGuard _egress;

    /// <summary>The hosted connector: requests go through the host's <paramref name="egress"/> guard.</summary>
    public HomeAssistantConnector(EgressGuard egress)
    {
        _egress = egress;
    }

    /// <param name="allowPrivateNetworks">
    /// Allow private, loopback and link-local addresses (a Home Assistant on the user's own network). Only for a
    /// user's own machine (<c>mcp-bridge start home-assistant</c>); hosted servers use the host's guard.
    /// </param>
    public HomeAssistantConnector(bool allowPrivateNetworks)
        : this(new EgressGuard(new EgressOptions { AllowPrivateNetworks = allowPrivateNetworks }))
    {
    }

    public string Id => ConnectorId;

    public string Name => "Home Assistant";

    public string Description => "Read and control a Home Assistant smart home: list entities and their states, call services (lights, switches, climate, scripts), list services, read history.";

    public string Category => ConnectorCategories.SmartHome;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => HomeAssistantTools.All;

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(s_schema, context.Config, Id);
        var token = config.GetString("token")!.Trim();
        if (token.Length == 0 || token.Any(c => char.IsControl(c) || c == ' '))
        {
            // The value is never repeated: it is a secret.
            throw new ArgumentException($"Invalid configuration for '{Id}': token is not a valid access token (it must not contain spaces or line breaks).", nameof(context));
        }

        var client = new HomeAssistantClient(
            _egress.CreateHttpHandler(allowAutoRedirect: false),
            BaseAddress(config.GetString("url")!),
            token,
            TimeSpan.FromSeconds(config.GetInteger("timeoutSeconds", 15)),
            context.TimeProvider,
            context.LoggerFactory.CreateLogger<HomeAssistantConnector>());
        var tools = new HomeAssistantTools(client, context.TimeProvider);
        return ApiTransport.CreateSource(tools.CreateTools(), client);
    }

    /// <summary>The URL as the base of relative API paths: with a trailing '/', and without an '/api' the user may have pasted.</summary>
    internal static Uri BaseAddress(string url)
    {
        var uri = new Uri(url.Trim());
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        return new UriBuilder(uri) { Path = path + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }
}
