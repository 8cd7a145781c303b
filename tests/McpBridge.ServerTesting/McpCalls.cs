using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace McpBridge.ServerTesting;

/// <summary>Talks MCP to an endpoint: one-shot 2026-07-28 requests with raw HTTP, or a full client session.</summary>
public static class McpCalls
{
    public const string Stateless = "2026-07-28";

    /// <summary>Sends one stateless (2026-07-28) JSON-RPC request and returns the status and the JSON-RPC answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement? Message, HttpResponseMessage Response)> StatelessAsync(
        HttpClient http, string url, string method, JsonObject? parameters = null, string? name = null, IDictionary<string, string>? headers = null)
    {
        parameters ??= new JsonObject();
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Stateless,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "tests", ["version"] = "1" },
        };
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Stateless);
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, ParseMessage(text), response);
    }

    /// <summary>Calls a tool statelessly and returns the JSON-RPC answer (result or error).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement? Message)> CallToolAsync(HttpClient http, string url, string tool, JsonObject? arguments = null, IDictionary<string, string>? headers = null)
    {
        var (status, message, response) = await StatelessAsync(http, url, "tools/call",
            new JsonObject { ["name"] = tool, ["arguments"] = arguments ?? new JsonObject() }, tool, headers);
        response.Dispose();
        return (status, message);
    }

    /// <summary>A JSON body, or the last <c>data:</c> event of an SSE body.</summary>
    public static JsonElement? ParseMessage(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.TrimStart().StartsWith('{'))
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        JsonElement? last = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                last = JsonDocument.Parse(line["data:".Length..].Trim()).RootElement.Clone();
            }
        }

        return last;
    }

    /// <summary>Opens a client session (Streamable HTTP or SSE) with the key as a bearer token.</summary>
    public static Task<McpClient> ConnectAsync(string url, string? key, HttpTransportMode mode = HttpTransportMode.StreamableHttp, McpClientOptions? options = null, bool standaloneGetStream = false)
    {
        var headers = new Dictionary<string, string>();
        if (key is not null)
        {
            headers["Authorization"] = $"Bearer {key}";
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(url),
            TransportMode = mode,
            AdditionalHeaders = headers,
            EnableStandaloneGetStream = standaloneGetStream,
        });
        return McpClient.CreateAsync(transport, options);
    }
}
