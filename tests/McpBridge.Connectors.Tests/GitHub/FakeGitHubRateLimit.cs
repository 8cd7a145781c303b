namespace McpBridge.Connectors.Tests.GitHub;

/// <summary>The rate limits <see cref="FakeGitHub"/> can act out, as GitHub documents them.</summary>
public enum FakeGitHubRateLimit
{
    None,

    /// <summary>The hourly limit: 403 with <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c>.</summary>
    Primary,

    /// <summary>A secondary limit: 403 with <c>retry-after</c>.</summary>
    Secondary,

    /// <summary>429 with <c>retry-after</c>.</summary>
    TooManyRequests,
}
