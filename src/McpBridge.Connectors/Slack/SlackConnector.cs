using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Http;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;

namespace McpBridge.Connectors.Slack;

/// <summary>
/// Slack over its Web API with a bot token: list channels, read a channel's history and threads (user names
/// resolved), post messages and thread replies, and search messages where the token allows it (a user token with
/// search:read). Every request goes through the host's <see cref="EgressGuard"/>, like every hosted connector's.
/// </summary>
public sealed class SlackConnector : IConnector
{
    public const string ConnectorId = "slack";

    /// <summary>Bot (xoxb-) and user (xoxp-) tokens: letters, digits and dashes, so nothing that could break a header.</summary>
    internal const string TokenPattern = "^xox[bp]-[A-Za-z0-9-]+$";

    /// <summary><see cref="TokenPattern"/> in words, for the validation error.</summary>
    internal const string TokenFormat = "must start with xoxb- (bot token) or xoxp- (user token), followed by letters, digits and dashes only";

    /// <summary>https, or http to this machine only (a local proxy or test server): the token must not cross a network in clear.</summary>
    internal const string BaseUrlPattern = @"^(https://\S+|http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?(/\S*)?)$";

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object(
        new JsonObject
        {
            ["botToken"] = ConfigSchemaBuilder.String(
                "Bot token",
                "The Slack app's Bot User OAuth Token (xoxb-...) from its OAuth & Permissions page. Scopes: channels:read, channels:history, groups:read, groups:history, chat:write, users:read (and im:/mpim: ones for direct messages). A user token (xoxp-...) with search:read also lets the tool search messages.",
                secret: true,
                minLength: 1,
                maxLength: 500,
                pattern: TokenPattern,
                patternDescription: TokenFormat,
                example: "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"),
            ["apiBaseUrl"] = ConfigSchemaBuilder.String(
                "API base URL",
                "The Slack Web API's address. Change it only for GovSlack (https://slack-gov.com/api) or a proxy; it must be https.",
                defaultValue: "https://slack.com/api",
                maxLength: 2000,
                format: "uri",
                pattern: BaseUrlPattern,
                patternDescription: "must be an https:// URL (http:// only to localhost, 127.0.0.1 or [::1])"),
            ["timeoutSeconds"] = ConfigSchemaBuilder.Integer("Timeout (seconds)", "How long one request to Slack may take.", 15, 1, 120),
        },
        "botToken");

    private readonly EgressGuard _egress;

    /// <summary>The hosted connector: requests go through the host's <paramref name="egress"/> guard.</summary>
    public SlackConnector(EgressGuard egress)
    {
        _egress = egress;
    }

    public string Id => ConnectorId;

    public string Name => "Slack";

    public string Description => "Read and write Slack: list channels, read a channel's recent messages and threads with user names, post messages and thread replies, search messages (with a user token).";

    public string Category => ConnectorCategories.Communication;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => SlackTools.All;

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        // Validation (the token's pattern included) reports the field, never the value: it is a secret.
        var config = ConnectorConfig.Load(s_schema, context.Config, Id);
        var client = new SlackClient(
            _egress.CreateHttpHandler(allowAutoRedirect: false),
            BaseAddress(config.GetString("apiBaseUrl")!),
            config.GetString("botToken")!,
            TimeSpan.FromSeconds(config.GetInteger("timeoutSeconds", 15)),
            context.TimeProvider,
            context.LoggerFactory.CreateLogger<SlackConnector>());
        var tools = new SlackTools(client);
        return ApiTransport.CreateSource(tools.CreateTools(), client);
    }

    /// <summary>The base URL with a trailing '/', so that a method name resolves under it (…/api/conversations.list).</summary>
    internal static Uri BaseAddress(string url)
    {
        var uri = new Uri(url.Trim());
        return new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }
}
