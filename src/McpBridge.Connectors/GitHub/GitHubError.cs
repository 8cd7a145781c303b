using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpBridge.Connectors.GitHub;

/// <summary>
/// GitHub's error body, <c>{"message": ..., "documentation_url": ..., "errors": [{"resource", "field", "code", "message"?, "value"?}]}</c>,
/// or the start of a body that is not JSON (a proxy's error page).
/// </summary>
internal sealed record GitHubError(string? Message, IReadOnlyList<string> Details, string? Text)
{
    private const int MaxText = 500;

    public bool IsEmpty => Message is null && Details.Count == 0 && string.IsNullOrWhiteSpace(Text);

    public static GitHubError Parse(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject error)
            {
                var details = (error["errors"] as JsonArray ?? [])
                    .Select(Detail)
                    .Where(d => d.Length > 0)
                    .ToArray();
                return new GitHubError(Cut(StringValue(error["message"])), details, null);
            }
        }
        catch (JsonException)
        {
            // Not JSON: quoted as it is, cut.
        }

        return new GitHubError(null, [], Cut(body.Trim()));
    }

    /// <summary>The message and each error, e.g. <c>Validation Failed: assignees: invalid (value: ghost)</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Message ?? Text ?? "no details");
        if (Details.Count > 0)
        {
            text.Append(": ").Append(string.Join("; ", Details));
        }

        return text.ToString();
    }

    /// <summary>One of <c>errors</c>: a string, or an object whose <c>message</c> (code <c>custom</c>) or <c>field</c> and <c>code</c> say what is wrong.</summary>
    private static string Detail(JsonNode? node)
    {
        if (node is not JsonObject detail)
        {
            return Cut(StringValue(node)) ?? string.Empty;
        }

        // A custom error's message is a whole sentence that names the field itself.
        if (StringValue(detail["message"]) is { Length: > 0 } message)
        {
            return Cut(message)!;
        }

        var field = StringValue(detail["field"]);
        var what = StringValue(detail["code"]) switch
        {
            "missing" => "does not exist",
            "missing_field" => "is required",
            "invalid" => "is invalid",
            "already_exists" => "already exists",
            "unprocessable" => "cannot be processed",
            { } other => other,
            null => "is invalid",
        };
        var value = detail["value"] is { } v ? $" (value: {(v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())})" : string.Empty;
        return Cut(field is null ? $"{what}{value}" : $"{field} {what}{value}")!;
    }

    private static string? StringValue(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static string? Cut(string? text) =>
        text is null || text.Length <= MaxText ? text : text[..MaxText] + "...";
}
