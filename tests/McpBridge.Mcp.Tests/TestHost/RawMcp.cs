using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>Hand-made MCP HTTP requests, for what a well-behaved SDK client would never send.</summary>
internal static class RawMcp
{
    public const string July2026 = "2026-07-28";

    public static HttpRequestMessage Post(string url, string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>A 2026-07-28 request: the <c>MCP-Protocol-Version</c>, <c>Mcp-Method</c> (and <c>Mcp-Name</c>) headers and per-request <c>_meta</c>.</summary>
    public static HttpRequestMessage Stateless(string url, string method, JsonObject? parameters = null, string? name = null, Action<JsonObject>? editMeta = null, Action<HttpRequestMessage>? editRequest = null)
    {
        parameters ??= [];
        var meta = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = July2026,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw-test", ["version"] = "1.0.0" },
        };
        editMeta?.Invoke(meta);
        parameters["_meta"] = meta;
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters };
        var headers = new Dictionary<string, string> { ["MCP-Protocol-Version"] = July2026, ["Mcp-Method"] = method };
        if (name is not null)
        {
            headers["Mcp-Name"] = name;
        }

        var request = Post(url, body.ToJsonString(), headers: headers);
        editRequest?.Invoke(request);
        return request;
    }

    /// <summary>A 2025-11-25 <c>initialize</c> request body.</summary>
    public static string Initialize(int id = 1) =>
        """{"jsonrpc":"2.0","id":""" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) +
        ""","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw-test","version":"1.0.0"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static async Task<RawResponse> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new RawResponse(response.StatusCode, response.Headers, response.Content.Headers, body);
        }
    }

    /// <summary>Opens a 2025 session with initialize + initialized and returns its id.</summary>
    public static async Task<string> OpenSessionAsync(HttpClient http, string url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var initialize = await SendAsync(http, Post(url, Initialize(), headers: headers));
        var sessionId = initialize.Header("Mcp-Session-Id") ?? throw new InvalidOperationException($"initialize gave no session id: {initialize}");
        var sessionHeaders = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" };
        var initialized = await SendAsync(http, Post(url, Initialized, headers: sessionHeaders));
        if ((int)initialized.Status != 202)
        {
            throw new InvalidOperationException($"notifications/initialized was not accepted: {initialized}");
        }

        return sessionId;
    }
}
