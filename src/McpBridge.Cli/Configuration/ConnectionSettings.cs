namespace McpBridge.Cli.Configuration;

/// <summary>The server and account key a command uses, after flags, environment and config file are weighed.</summary>
/// <param name="Server">The server's base URL.</param>
/// <param name="ServerSource">Where <paramref name="Server"/> came from.</param>
/// <param name="ApiKey">The account key, if any.</param>
/// <param name="ApiKeySource">Where <paramref name="ApiKey"/> came from.</param>
internal sealed record ConnectionSettings(Uri Server, SettingSource ServerSource, string? ApiKey, SettingSource ApiKeySource)
{
    public const string DefaultServer = "http://127.0.0.1:5000";

    /// <summary>The server URL as people write it (no trailing slash).</summary>
    public string ServerText => Server.AbsoluteUri.TrimEnd('/');
}
