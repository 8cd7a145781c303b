using System.Diagnostics.CodeAnalysis;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Configuration;

/// <summary>
/// Decides which server and key a command uses. Precedence is flag, then environment, then config file
/// (then <c>http://127.0.0.1:5000</c> for the server). The config file's key is only used for the config
/// file's server: pointing <c>--server</c> elsewhere must not send that key to a host it was never meant for.
/// </summary>
internal static class ConnectionResolver
{
    public static bool TryResolve(
        string? serverFlag,
        string? apiKeyFlag,
        ICliEnvironment environment,
        CliConfig config,
        [NotNullWhen(true)] out ConnectionSettings? settings,
        [NotNullWhen(false)] out string? error)
    {
        settings = null;
        var (serverText, serverSource) =
            SettingText.NonEmpty(serverFlag) is { } flag ? (flag, SettingSource.CommandLine)
            : SettingText.NonEmpty(environment.GetVariable(EnvironmentVariables.Server)) is { } env ? (env, SettingSource.Environment)
            : SettingText.NonEmpty(config.Server) is { } file ? (file, SettingSource.ConfigFile)
            : (ConnectionSettings.DefaultServer, SettingSource.Default);

        if (!TryParseServerUrl(serverText, out var server, out error))
        {
            error = serverSource switch
            {
                SettingSource.Environment => $"{EnvironmentVariables.Server}: {error}",
                SettingSource.ConfigFile => $"the config file's server: {error}",
                _ => error,
            };
            return false;
        }

        var (apiKey, apiKeySource) =
            SettingText.NonEmpty(apiKeyFlag) is { } keyFlag ? (keyFlag, SettingSource.CommandLine)
            : SettingText.NonEmpty(environment.GetVariable(EnvironmentVariables.ApiKey)) is { } keyEnv ? (keyEnv, SettingSource.Environment)
            : SettingText.NonEmpty(config.ApiKey) is { } keyFile && IsConfiguredServer(server, config) ? (keyFile, SettingSource.ConfigFile)
            : ((string?)null, SettingSource.Default);

        settings = new ConnectionSettings(server, serverSource, apiKey, apiKeySource);
        return true;
    }

    /// <summary>Accepts absolute http(s) URLs; a bare <c>host:port</c> is read as <c>http://host:port</c>.</summary>
    public static bool TryParseServerUrl(string text, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? error)
    {
        var candidate = text.Trim();
        if (!candidate.Contains("://", StringComparison.Ordinal))
        {
            candidate = "http://" + candidate;
        }

        if (Uri.TryCreate(candidate, UriKind.Absolute, out url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0)
        {
            error = null;
            return true;
        }

        url = null;
        error = $"'{text}' is not a valid server URL (expected e.g. http://127.0.0.1:5000 or https://bridge.example.com)";
        return false;
    }

    private static bool IsConfiguredServer(Uri server, CliConfig config) =>
        // A config file without a server was written for the default server.
        TryParseServerUrl(SettingText.NonEmpty(config.Server) ?? ConnectionSettings.DefaultServer, out var configured, out _)
        && Uri.Compare(Normalize(configured), Normalize(server), UriComponents.HttpRequestUrl, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static Uri Normalize(Uri url) => new(url.AbsoluteUri.TrimEnd('/') + "/");
}
