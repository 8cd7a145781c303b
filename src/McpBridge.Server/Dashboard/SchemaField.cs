using System.Globalization;
using System.Text.Json.Nodes;

namespace McpBridge.Server.Dashboard;

/// <summary>One field of a connector's config schema, as the tool form renders it.</summary>
internal sealed record SchemaField(
    string Name,
    string Title,
    string? Description,
    string Type,
    string? Format,
    bool Secret,
    bool Required,
    IReadOnlyList<string> Allowed,
    string? Default,
    string? Minimum,
    string? Maximum,
    string? Example)
{
    /// <summary>The fields of a JSON Schema object, in the schema's order.</summary>
    public static IReadOnlyList<SchemaField> Read(JsonObject schema)
    {
        var required = (schema["required"] as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        if (schema["properties"] is not JsonObject properties)
        {
            return [];
        }

        return properties.Select(p =>
        {
            var field = p.Value as JsonObject ?? [];
            var type = field["type"]?.GetValue<string>() ?? "string";
            return new SchemaField(
                p.Key,
                field["title"]?.GetValue<string>() ?? p.Key,
                field["description"]?.GetValue<string>(),
                type,
                field["format"]?.GetValue<string>(),
                field["x-secret"]?.GetValue<bool>() == true,
                required.Contains(p.Key),
                (field["enum"] as JsonArray)?.Select(n => n?.ToString()).OfType<string>().ToArray() ?? [],
                field["default"] is { } d ? Text(d) : null,
                field["minimum"] is { } min ? Text(min) : null,
                field["maximum"] is { } max ? Text(max) : null,
                (field["examples"] as JsonArray)?.FirstOrDefault() is { } example ? Text(example) : null);
        }).ToArray();
    }

    /// <summary>Whether a connector can be added without any settings.</summary>
    public static bool HasRequired(JsonObject schema) => schema["required"] is JsonArray { Count: > 0 };

    /// <summary>
    /// The config object a posted form describes (<c>config.{field}</c> inputs): empty fields are left out, so the
    /// schema's defaults apply; numbers and booleans are typed; arrays take one item per line. Values that are not
    /// numbers stay text, so the connector's validation reports them by field.
    /// </summary>
    public static JsonObject ToConfig(IReadOnlyList<SchemaField> fields, Func<string, string?> form)
    {
        var config = new JsonObject();
        foreach (var field in fields)
        {
            var raw = form($"config.{field.Name}");
            switch (field.Type)
            {
                case "boolean":
                    config[field.Name] = raw is "true" or "on";
                    break;
                case "integer" when raw is not null && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole):
                    config[field.Name] = whole;
                    break;
                case "number" when raw is not null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    config[field.Name] = number;
                    break;
                case "array" when raw is not null:
                    config[field.Name] = new JsonArray([.. raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => JsonValue.Create(v))]);
                    break;
                default:
                    if (raw is not null)
                    {
                        config[field.Name] = raw;
                    }

                    break;
            }
        }

        return config;
    }

    private static string Text(JsonNode node) => node is JsonValue value && value.TryGetValue<bool>(out var b) ? (b ? "true" : "false") : node.ToString();
}
