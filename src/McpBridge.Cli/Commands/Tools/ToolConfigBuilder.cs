using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpBridge.Cli.Commands.Tools;

/// <summary>
/// Builds a connector configuration from <c>--config JSON</c> (or <c>--config @file.json</c>) and
/// <c>--set key=value</c> assignments. Values of <c>--set</c> are typed by the connector's JSON Schema, so
/// <c>--set port=5432</c> is a number where the schema says integer and <c>--set token=0123</c> stays a string.
/// </summary>
internal static class ToolConfigBuilder
{
    public static async Task<ToolConfigResult> ReadConfigAsync(string? option, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(option))
        {
            return ToolConfigResult.Success(new JsonObject());
        }

        var text = option;
        var origin = "--config";
        if (option.StartsWith('@'))
        {
            var path = option[1..];
            if (string.IsNullOrWhiteSpace(path))
            {
                return ToolConfigResult.Failure("--config @: expected a file name after '@', like --config @tool.json");
            }

            origin = path;
            try
            {
                text = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ToolConfigResult.Failure($"--config: cannot read '{path}': {ex.Message}");
            }
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject config
                ? ToolConfigResult.Success(config)
                : ToolConfigResult.Failure($"{origin}: the configuration must be a JSON object, like {{\"key\": \"value\"}}");
        }
        catch (JsonException ex)
        {
            return ToolConfigResult.Failure($"{origin}: not valid JSON ({ex.Message})");
        }
    }

    /// <summary>Applies <c>key=value</c> (or <c>a.b=value</c> for nested objects) to <paramref name="config"/>.</summary>
    public static string? ApplySet(JsonObject config, string assignment, JsonElement? schema)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return $"--set '{assignment}': expected key=value";
        }

        var path = assignment[..equals].Trim().Split('.');
        if (path.Any(string.IsNullOrWhiteSpace))
        {
            return $"--set '{assignment}': the key has an empty part";
        }

        var raw = assignment[(equals + 1)..];
        var propertySchema = FindPropertySchema(schema, path);
        var value = Coerce(raw, propertySchema, out var error);
        if (error is not null)
        {
            return $"--set {string.Join('.', path)}: {error}";
        }

        var target = config;
        foreach (var segment in path[..^1])
        {
            if (target[segment] is not JsonObject child)
            {
                child = new JsonObject();
                target[segment] = child;
            }

            target = child;
        }

        target[path[^1]] = value;
        return null;
    }

    private static JsonElement? FindPropertySchema(JsonElement? schema, string[] path)
    {
        var current = schema;
        foreach (var segment in path)
        {
            if (current is not { ValueKind: JsonValueKind.Object } node
                || !node.TryGetProperty("properties", out var properties)
                || properties.ValueKind != JsonValueKind.Object
                || !properties.TryGetProperty(segment, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static JsonNode? Coerce(string raw, JsonElement? schema, out string? error)
    {
        error = null;
        switch (SchemaType(schema))
        {
            case "string":
                return JsonValue.Create(raw);
            case "integer":
                if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    return JsonValue.Create(integer);
                }

                error = $"expects an integer, not '{raw}'";
                return null;
            case "number":
                if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                error = $"expects a number, not '{raw}'";
                return null;
            case "boolean":
                switch (raw.Trim().ToLowerInvariant())
                {
                    case "true" or "yes" or "on" or "1":
                        return JsonValue.Create(true);
                    case "false" or "no" or "off" or "0":
                        return JsonValue.Create(false);
                    default:
                        error = $"expects true or false, not '{raw}'";
                        return null;
                }

            case "array":
                if (raw.TrimStart().StartsWith('['))
                {
                    return ParseJson(raw, JsonValueKind.Array, out error);
                }

                // a,b,c: each item typed by the schema's "items".
                var items = schema!.Value.TryGetProperty("items", out var itemSchema) ? itemSchema : (JsonElement?)null;
                var array = new JsonArray();
                foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    array.Add(Coerce(part, items, out error));
                    if (error is not null)
                    {
                        return null;
                    }
                }

                return array;
            case "object":
                return ParseJson(raw, JsonValueKind.Object, out error);
            default:
                // No schema to go by: take JSON literals (numbers, true, [..]) as JSON, anything else as text.
                try
                {
                    return JsonNode.Parse(raw);
                }
                catch (JsonException)
                {
                    return JsonValue.Create(raw);
                }
        }
    }

    private static JsonNode? ParseJson(string raw, JsonValueKind expected, out string? error)
    {
        error = null;
        try
        {
            var node = JsonNode.Parse(raw);
            if (node?.GetValueKind() == expected)
            {
                return node;
            }
        }
        catch (JsonException)
        {
        }

        error = $"expects a JSON {(expected == JsonValueKind.Array ? "array" : "object")}, not '{raw}'";
        return null;
    }

    private static string? SchemaType(JsonElement? schema)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } node || !node.TryGetProperty("type", out var type))
        {
            return null;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),

            // ["string", "null"]: the first non-null type decides.
            JsonValueKind.Array => type.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.String && t.GetString() != "null")
                .Select(t => t.GetString())
                .FirstOrDefault(),
            _ => null,
        };
    }
}
