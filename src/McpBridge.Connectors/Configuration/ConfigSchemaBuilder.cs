using System.Text.Json.Nodes;

namespace McpBridge.Connectors.Configuration;

/// <summary>Builds the schema fragments connectors declare their settings with, so each schema reads as a short list.</summary>
internal static class ConfigSchemaBuilder
{
    public static JsonObject Object(JsonObject properties, params string[] required)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]);
        }

        return schema;
    }

    public static JsonObject Boolean(string title, string description, bool defaultValue) => new()
    {
        ["type"] = "boolean",
        ["title"] = title,
        ["description"] = description,
        ["default"] = defaultValue,
    };

    public static JsonObject Integer(string title, string description, long defaultValue, long minimum, long maximum) => new()
    {
        ["type"] = "integer",
        ["title"] = title,
        ["description"] = description,
        ["default"] = defaultValue,
        ["minimum"] = minimum,
        ["maximum"] = maximum,
    };

    /// <param name="patternDescription">
    /// What <paramref name="pattern"/> asks for in words (e.g. <c>must start with https://</c>), which a validation error
    /// shows instead of the regular expression; stored as the <c>x-pattern-description</c> annotation.
    /// </param>
    /// <param name="example">A value of the right shape (not a real secret), stored as JSON Schema's <c>examples</c>: forms show it as a placeholder.</param>
    public static JsonObject String(
        string title,
        string description,
        string? defaultValue = null,
        bool secret = false,
        int? minLength = null,
        int? maxLength = null,
        string? format = null,
        string? pattern = null,
        IEnumerable<string>? allowed = null,
        string? patternDescription = null,
        string? example = null)
    {
        var schema = new JsonObject
        {
            ["type"] = "string",
            ["title"] = title,
            ["description"] = description,
        };
        if (defaultValue is not null)
        {
            schema["default"] = defaultValue;
        }

        if (minLength is { } min)
        {
            schema["minLength"] = min;
        }

        if (maxLength is { } max)
        {
            schema["maxLength"] = max;
        }

        if (format is not null)
        {
            schema["format"] = format;
        }

        if (pattern is not null)
        {
            schema["pattern"] = pattern;
        }

        if (patternDescription is not null)
        {
            schema["x-pattern-description"] = patternDescription;
        }

        if (example is not null)
        {
            schema["examples"] = new JsonArray(JsonValue.Create(example));
        }

        if (allowed is not null)
        {
            schema["enum"] = new JsonArray([.. allowed.Select(a => JsonValue.Create(a))]);
        }

        if (secret)
        {
            schema["x-secret"] = true;
        }

        return schema;
    }

    /// <summary>An object whose keys are free-form and whose values are strings, e.g. HTTP headers.</summary>
    public static JsonObject StringMap(string title, string description, bool secret = false)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["title"] = title,
            ["description"] = description,
            ["additionalProperties"] = new JsonObject { ["type"] = "string" },
        };
        if (secret)
        {
            schema["x-secret"] = true;
        }

        return schema;
    }
}
