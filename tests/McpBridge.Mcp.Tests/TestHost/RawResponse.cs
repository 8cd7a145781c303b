using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>An HTTP answer with its JSON-RPC message read from a JSON body or from the first SSE <c>data:</c> line.</summary>
internal sealed class RawResponse
{
    public RawResponse(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string body)
    {
        Status = status;
        Headers = headers;
        ContentHeaders = contentHeaders;
        ContentType = contentHeaders.ContentType?.MediaType;
        Body = body;
        Message = ParseMessage(body);
    }

    public HttpStatusCode Status { get; }

    public HttpResponseHeaders Headers { get; }

    public HttpContentHeaders ContentHeaders { get; }

    public string? ContentType { get; }

    public string Body { get; }

    /// <summary>The JSON-RPC message of the body, if it has one.</summary>
    public JsonElement? Message { get; }

    public int? ErrorCode => Message is { } m && m.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c) ? c.GetInt32() : null;

    public string? ErrorMessage => Message is { } m && m.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var t) ? t.GetString() : null;

    public JsonElement? Result => Message is { } m && m.TryGetProperty("result", out var r) ? r : null;

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    public override string ToString() => $"{(int)Status} {ContentType}: {Body}";

    private static JsonElement? ParseMessage(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return TryParse(trimmed);
        }

        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && TryParse(line[5..].Trim()) is { } message &&
                (message.TryGetProperty("result", out _) || message.TryGetProperty("error", out _)))
            {
                return message;
            }
        }

        return null;
    }

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
