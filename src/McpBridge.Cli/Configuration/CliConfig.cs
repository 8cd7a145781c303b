using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpBridge.Cli.Configuration;

/// <summary>What <c>config.json</c> holds: the server the CLI talks to and the account key for it.</summary>
internal sealed record CliConfig
{
    public static CliConfig Empty { get; } = new();

    /// <summary>The server's base URL.</summary>
    public string? Server { get; init; }

    /// <summary>The account API key, valid on <see cref="Server"/> only.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Members a newer version wrote; kept so that saving does not lose them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
