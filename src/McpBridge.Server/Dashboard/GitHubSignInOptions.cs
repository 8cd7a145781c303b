namespace McpBridge.Server.Dashboard;

/// <summary>
/// The GitHub OAuth app the dashboard signs in with (section <c>GitHub</c>). Without a client id and secret there is no
/// GitHub sign-in; the endpoints are settable so that GitHub Enterprise, or a test server answering like GitHub, works.
/// </summary>
internal sealed class GitHubSignInOptions
{
    public const string SectionName = "GitHub";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string AuthorizationEndpoint { get; set; } = "https://github.com/login/oauth/authorize";

    public string TokenEndpoint { get; set; } = "https://github.com/login/oauth/access_token";

    public string UserInformationEndpoint { get; set; } = "https://api.github.com/user";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}
