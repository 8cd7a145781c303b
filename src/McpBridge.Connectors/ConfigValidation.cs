using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpBridge.Connectors;

/// <summary>
/// Validates connector configurations against their schemas, and separates, masks and finds their secrets.
/// Understands the JSON Schema subset the connectors use: <c>type</c> (object, string, integer, number, boolean,
/// array), <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (<c>false</c> or a schema),
/// <c>default</c>, <c>enum</c>, <c>minLength</c>/<c>maxLength</c>, <c>minimum</c>/<c>maximum</c>, <c>pattern</c>,
/// <c>format: "uri"</c> (absolute http/https), <c>items</c>; <c>title</c>, <c>description</c>, <c>x-secret</c> and
/// <c>x-pattern-description</c> (the pattern in words, shown in its error instead of the regex) are annotations.
/// No JSON Schema library is available here, and the connectors need no more.
/// </summary>
public static class ConfigValidation
{
    /// <summary>What <see cref="Mask"/> puts in place of a secret value.</summary>
    public const string MaskedValue = "********";

    private static readonly TimeSpan s_patternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Validates <paramref name="config"/> (<see langword="null"/> means <c>{}</c>) against <paramref name="schema"/>.
    /// Errors are keyed by JSON path relative to the config (<c>path</c>, <c>headers.Authorization</c>,
    /// <c>args[0]</c>; the empty key for the config itself). The normalized config has defaults applied and
    /// <see langword="null"/> properties removed (a <see langword="null"/> counts as not given).
    /// </summary>
    public static ConfigValidationResult Validate(JsonObject schema, JsonNode? config)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var value = config is null ? new JsonObject() : config.DeepClone();
        var normalized = ValidateValue(schema, value, string.Empty, errors) as JsonObject ?? new JsonObject();
        var frozen = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        return new ConfigValidationResult(frozen.Count == 0, normalized, frozen);
    }

    /// <summary>The top-level property names the schema marks <c>"x-secret": true</c>.</summary>
    public static IReadOnlyList<string> SecretFields(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema["properties"] is not JsonObject properties)
        {
            return [];
        }

        return properties
            .Where(p => p.Value is JsonObject property && IsTrue(property["x-secret"]))
            .Select(p => p.Key)
            .ToArray();
    }

    /// <summary>Splits a config into its non-secret part (returned) and its secret part (<paramref name="secrets"/>), e.g. to encrypt the latter at rest.</summary>
    public static JsonObject Split(JsonObject config, JsonObject schema, out JsonObject secrets)
    {
        ArgumentNullException.ThrowIfNull(config);
        var secretFields = SecretFields(schema);
        var plain = new JsonObject();
        secrets = new JsonObject();
        foreach (var (key, value) in config)
        {
            var target = secretFields.Contains(key, StringComparer.Ordinal) ? secrets : plain;
            target[key] = value?.DeepClone();
        }

        return plain;
    }

    /// <summary>
    /// A copy of <paramref name="config"/> with every secret value (string or object alike) replaced by
    /// <see cref="MaskedValue"/>, safe to return from the API or show in a dashboard.
    /// </summary>
    public static JsonObject Mask(JsonObject config, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(config);
        var secretFields = SecretFields(schema);
        var masked = new JsonObject();
        foreach (var (key, value) in config)
        {
            masked[key] = value is not null && secretFields.Contains(key, StringComparer.Ordinal)
                ? JsonValue.Create(MaskedValue)
                : value?.DeepClone();
        }

        return masked;
    }

    private static JsonNode? ValidateValue(JsonObject schema, JsonNode? value, string path, Dictionary<string, List<string>> errors)
    {
        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "object":
                return ValidateObject(schema, value, path, errors);
            case "array":
                return ValidateArray(schema, value, path, errors);
            case "string":
                return ValidateString(schema, value, path, errors);
            case "integer":
            case "number":
                return ValidateNumber(schema, value, path, type == "integer", errors);
            case "boolean":
                if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    AddError(errors, path, "must be true or false");
                    return null;
                }

                return value;
            case null:
                return value;
            default:
                throw new ArgumentException($"The schema at '{path}' has type '{type}', which the validator does not support.", nameof(schema));
        }
    }

    private static JsonObject? ValidateObject(JsonObject schema, JsonNode? value, string path, Dictionary<string, List<string>> errors)
    {
        if (value is not JsonObject obj)
        {
            AddError(errors, path, "must be an object");
            return null;
        }

        var properties = schema["properties"] as JsonObject ?? [];
        var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var normalized = new JsonObject();

        foreach (var (name, propertyNode) in properties)
        {
            var propertySchema = (JsonObject)propertyNode!;
            var propertyPath = Child(path, name);
            var given = obj[name];
            if (given is null || given.GetValueKind() == JsonValueKind.Null)
            {
                if (propertySchema["default"] is { } defaultValue)
                {
                    normalized[name] = defaultValue.DeepClone();
                }
                else if (required.Contains(name))
                {
                    AddError(errors, propertyPath, "is required");
                }

                continue;
            }

            if (ValidateValue(propertySchema, given.DeepClone(), propertyPath, errors) is { } valid)
            {
                normalized[name] = valid;
            }
        }

        var additional = schema["additionalProperties"];
        foreach (var (name, given) in obj)
        {
            if (properties.ContainsKey(name))
            {
                continue;
            }

            var propertyPath = Child(path, name);
            if (additional is JsonObject additionalSchema)
            {
                if (given is null || given.GetValueKind() == JsonValueKind.Null)
                {
                    continue;
                }

                if (ValidateValue(additionalSchema, given.DeepClone(), propertyPath, errors) is { } valid)
                {
                    normalized[name] = valid;
                }
            }
            else if (additional is not null && additional.GetValueKind() == JsonValueKind.False)
            {
                AddError(errors, propertyPath, properties.Count == 0
                    ? "is not a known setting (this connector has no settings)"
                    : $"is not a known setting (known: {string.Join(", ", properties.Select(p => p.Key))})");
            }
            else
            {
                normalized[name] = given?.DeepClone();
            }
        }

        return normalized;
    }

    private static JsonArray? ValidateArray(JsonObject schema, JsonNode? value, string path, Dictionary<string, List<string>> errors)
    {
        if (value is not JsonArray array)
        {
            AddError(errors, path, "must be a list");
            return null;
        }

        var items = schema["items"] as JsonObject;
        var normalized = new JsonArray();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i]?.DeepClone();
            var itemPath = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (items is null)
            {
                normalized.Add(item);
            }
            else if (ValidateValue(items, item, itemPath, errors) is { } valid)
            {
                normalized.Add(valid);
            }
            else if (item is null)
            {
                AddError(errors, itemPath, "must not be null");
            }
        }

        return normalized;
    }

    private static JsonNode? ValidateString(JsonObject schema, JsonNode? value, string path, Dictionary<string, List<string>> errors)
    {
        if (value?.GetValueKind() != JsonValueKind.String)
        {
            AddError(errors, path, "must be a string");
            return null;
        }

        var text = value.GetValue<string>();
        var valid = true;
        if (schema["enum"] is JsonArray allowed)
        {
            if (!allowed.Any(a => a?.GetValueKind() == JsonValueKind.String && a.GetValue<string>() == text))
            {
                AddError(errors, path, $"must be one of: {string.Join(", ", allowed.Select(a => a?.ToString()))}");
                return null;
            }
        }

        if (ReadNumber(schema["minLength"]) is { } min && text.Length < min)
        {
            AddError(errors, path, min == 1 ? "must not be empty" : $"must be at least {min} characters long");
            valid = false;
        }

        if (ReadNumber(schema["maxLength"]) is { } max && text.Length > max)
        {
            AddError(errors, path, $"must be at most {max} characters long");
            valid = false;
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern && text.Length > 0 && !MatchesPattern(pattern, text))
        {
            AddError(errors, path, schema["x-pattern-description"]?.GetValue<string>() is { Length: > 0 } expected
                ? $"does not match the expected format: {expected}"
                : $"does not match the expected format ({pattern})");
            valid = false;
        }

        if (schema["format"]?.GetValue<string>() == "uri" && !IsHttpUrl(text))
        {
            AddError(errors, path, "must be an absolute http:// or https:// URL");
            valid = false;
        }

        return valid ? value : null;
    }

    private static JsonNode? ValidateNumber(JsonObject schema, JsonNode? value, string path, bool integer, Dictionary<string, List<string>> errors)
    {
        var minimum = (double?)ReadNumber(schema["minimum"]);
        var maximum = (double?)ReadNumber(schema["maximum"]);
        if (ReadNumber(value) is not { } number)
        {
            AddError(errors, path, NumberMessage(integer, minimum, maximum));
            return null;
        }

        if ((integer && decimal.Truncate(number) != number) ||
            (minimum is { } min && (double)number < min) ||
            (maximum is { } max && (double)number > max))
        {
            AddError(errors, path, NumberMessage(integer, minimum, maximum));
            return null;
        }

        // 5.0 is a valid integer in JSON Schema; store it as 5 so that readers can take it as a long.
        return integer ? JsonValue.Create((long)number) : JsonValue.Create((double)number);
    }

    private static string NumberMessage(bool integer, double? minimum, double? maximum)
    {
        var what = integer ? "an integer" : "a number";
        return (minimum, maximum) switch
        {
            ({ } min, { } max) => $"must be {what} between {Format(min)} and {Format(max)}",
            ({ } min, null) => $"must be {what} of at least {Format(min)}",
            (null, { } max) => $"must be {what} of at most {Format(max)}",
            _ => $"must be {what}",
        };

        static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);
    }

    private static bool MatchesPattern(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, s_patternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    internal static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        !string.IsNullOrEmpty(uri.Host);

    /// <summary>Reads a JSON number whatever backs the node (parsed JSON or a CLR value put in by code).</summary>
    private static decimal? ReadNumber(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number &&
        decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static bool IsTrue(JsonNode? node) => node?.GetValueKind() == JsonValueKind.True;

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void AddError(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }

        list.Add(message);
    }
}
