using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Http;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;

namespace McpBridge.Connectors.GitHub;

/// <summary>
/// GitHub over its REST API with a personal access token or a GitHub App installation token: repositories, files
/// at a ref, code search, issues and their comments, pull requests with their diffs. The API base URL is a setting,
/// so GitHub Enterprise Server (<c>https://HOST/api/v3</c>) works as well as github.com. Every request goes through
/// the host's <see cref="EgressGuard"/>, like every hosted connector that reaches out.
/// </summary>
public sealed class GitHubConnector : IConnector
{
    public const string ConnectorId = "github";
    public const string DefaultApiBaseUrl = "https://api.github.com";

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object(
        new JsonObject
        {
            ["token"] = ConfigSchemaBuilder.String(
                "Token",
                "A GitHub personal access token (fine-grained or classic, e.g. github_pat_... or ghp_...) or a GitHub App installation token (ghs_...). It needs read access to contents, issues and pull requests, and write access to issues to create them and comment.",
                secret: true,
                minLength: 1,
                maxLength: 1000,
                pattern: "^[^\\s]+$",
                patternDescription: "must not contain spaces or line breaks"),
            ["apiBaseUrl"] = ConfigSchemaBuilder.String(
                "API base URL",
                "The REST API's address: https://api.github.com for github.com, https://HOST/api/v3 for GitHub Enterprise Server.",
                defaultValue: DefaultApiBaseUrl,
                minLength: 1,
                maxLength: 2000,
                format: "uri"),
            ["owner"] = ConfigSchemaBuilder.String(
                "Default owner",
                "A user or organization the tools use when a repository is named without its owner (e.g. 'docs' for 'my-org/docs'), and whose repositories are listed by default.",
                maxLength: 39,
                pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$",
                patternDescription: "must be a GitHub user or organization name: letters, digits and dashes, not starting or ending with a dash"),
            ["timeoutSeconds"] = ConfigSchemaBuilder.Integer("Timeout (seconds)", "How long one request to GitHub may take.", 30, 1, 120),
        },
        "token");

    private readonly EgressGuard _egress;

    /// <summary>The hosted connector: requests go through the host's <paramref name="egress"/> guard.</summary>
    public GitHubConnector(EgressGuard egress)
    {
        _egress = egress;
    }

    public string Id => ConnectorId;

    public string Name => "GitHub";

    public string Description => "Work with GitHub: list repositories, read files at any branch or commit, search code, list, read, create and comment on issues, and read pull requests with their diffs.";

    public string Category => ConnectorCategories.DeveloperTools;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => GitHubTools.All;

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(s_schema, context.Config, Id);
        var client = new GitHubClient(
            _egress.CreateHttpHandler(),
            BaseAddress(config.GetString("apiBaseUrl")!),
            config.GetString("token")!,
            TimeSpan.FromSeconds(config.GetInteger("timeoutSeconds", 30)),
            context.TimeProvider,
            context.LoggerFactory.CreateLogger<GitHubConnector>());
        var tools = new GitHubTools(client, config.GetString("owner"));
        return ApiTransport.CreateSource(tools.CreateTools(), client);
    }

    /// <summary>
    /// The API URL as the base of relative paths: with a trailing '/', without query or fragment. The web address
    /// <c>https://github.com</c>, which users paste, means the API at <c>https://api.github.com</c>.
    /// </summary>
    internal static Uri BaseAddress(string url)
    {
        var uri = new Uri(url.Trim());
        if (string.Equals(uri.Host, "github.com", StringComparison.OrdinalIgnoreCase) || string.Equals(uri.Host, "www.github.com", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(DefaultApiBaseUrl + "/");
        }

        return new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }
}
