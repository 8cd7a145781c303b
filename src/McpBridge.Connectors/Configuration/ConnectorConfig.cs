using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpBridge.Connectors.Configuration;

/// <summary>
/// A connector's configuration after validation against its schema, with defaults applied; typed reads
/// from it cannot fail on a missing or mistyped value because the validator has already rejected those.
/// </summary>
internal sealed class ConnectorConfig
{
    private readonly JsonObject _values;

    private ConnectorConfig(JsonObject values) => _values = values;

    /// <summary>
    /// Validates <paramref name="config"/> once more (the caller should have): a context reaches a connector from
    /// the API, the CLI or a test, and a connector must never run on settings its schema does not allow.
    /// </summary>
    public static ConnectorConfig Load(JsonObject schema, JsonObject config, string connectorId)
    {
        var result = ConfigValidation.Validate(schema, config);
        if (!result.IsValid)
        {
            throw new ArgumentException($"Invalid configuration for '{connectorId}': {string.Join("; ", result.Describe())}", nameof(config));
        }

        return new ConnectorConfig(result.Normalized);
    }

    public string? GetString(string name) =>
        _values[name] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public bool GetBoolean(string name, bool fallback) =>
        _values[name]?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => fallback,
        };

    public long GetInteger(string name, long fallback) =>
        _values[name] is { } node && node.GetValueKind() == JsonValueKind.Number &&
        long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    public IReadOnlyDictionary<string, string> GetStringMap(string name) =>
        _values[name] is JsonObject map
            ? map.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
