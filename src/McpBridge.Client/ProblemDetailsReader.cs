using System.Net.Http;
using System.Text.Json;

namespace McpBridge.Client;

/// <summary>Turns an error answer of the REST API into a <see cref="McpBridgeApiException"/>.</summary>
internal static class ProblemDetailsReader
{
    // A proxy in front of the server may answer with a page of HTML; only its start is worth showing.
    private const int MaxPlainDetailChars = 300;

    private static readonly HashSet<string> s_standardMembers = new(StringComparer.Ordinal) { "type", "title", "status", "detail", "instance" };

    public static async Task<McpBridgeApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var retryAfter = ReadRetryAfter(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var isJson = mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

        if (isJson && TryParse(body, out var root))
        {
            return FromProblem(status, root, retryAfter);
        }

        var detail = body.Trim();
        if (detail.Length > MaxPlainDetailChars)
        {
            detail = detail[..MaxPlainDetailChars] + "...";
        }

        return new McpBridgeApiException(status, code: null, title: response.ReasonPhrase, detail: detail.Length == 0 ? null : detail, retryAfter: retryAfter);
    }

    private static McpBridgeApiException FromProblem(System.Net.HttpStatusCode status, JsonElement root, TimeSpan? retryAfter)
    {
        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!s_standardMembers.Contains(property.Name))
            {
                extensions[property.Name] = property.Value.Clone();
            }
        }

        return new McpBridgeApiException(
            status,
            code: GetString(root, "code"),
            title: GetString(root, "title"),
            detail: GetString(root, "detail"),
            type: GetString(root, "type"),
            errors: ReadErrors(root),
            extensions: extensions,
            retryAfter: retryAfter);
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadErrors(JsonElement root)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("errors", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return errors;
        }

        foreach (var field in element.EnumerateObject())
        {
            // ASP.NET Core sends string arrays; accept a lone string too rather than lose the message.
            errors[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray(),
                JsonValueKind.String => [field.Value.GetString()!],
                _ => [field.Value.GetRawText()],
            };
        }

        return errors;
    }

    private static bool TryParse(string body, out JsonElement root)
    {
        root = default;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        // The server sends delta-seconds; an HTTP-date would need a clock, and nothing here sends one.
        return response.Headers.RetryAfter?.Delta;
    }
}
