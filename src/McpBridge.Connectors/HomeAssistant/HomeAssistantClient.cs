using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpBridge.Connectors.HomeAssistant;

/// <summary>
/// Calls the Home Assistant REST API with a long-lived access token. Every failure becomes a message written for
/// the user, and no message, wherever it comes from, ever contains the token.
/// </summary>
internal sealed class HomeAssistantClient : IDisposable
{
    /// <summary>The most of a response read: a large installation's /api/states is a few megabytes.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private static readonly ApiWording s_wording = new(
        "Home Assistant",
        UnresolvedHint: null,
        RefusedHint: "Is Home Assistant running, and is the port right?",
        EgressHint: "A hosted server can only reach public addresses: use your Nabu Casa (remote UI) URL or another public URL of your Home Assistant, or run it locally with mcp-bridge start home-assistant.");

    private readonly ApiTransport _api;

    public HomeAssistantClient(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _api = new ApiTransport(handler, baseAddress, token, timeout, timeProvider, logger, s_wording);
    }

    public Uri BaseAddress => _api.BaseAddress;

    /// <summary>GETs <paramref name="relative"/> (e.g. <c>api/states</c>); <see langword="null"/> when Home Assistant answers 404.</summary>
    public Task<JsonNode?> GetAsync(string relative, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, relative, body: null, badRequestHint: null, cancellationToken);

    /// <summary>GETs <paramref name="relative"/>, which must exist: a 404 means the url setting does not point at Home Assistant.</summary>
    public async Task<JsonNode> GetRequiredAsync(string relative, CancellationToken cancellationToken) =>
        await GetAsync(relative, cancellationToken) ?? throw NotHomeAssistant(relative);

    /// <summary>The error for a 404 on an endpoint every Home Assistant has.</summary>
    public McpException NotHomeAssistant(string relative) =>
        new($"{BaseAddress}{relative} was not found (HTTP 404). Check the url setting: it is the address you open Home Assistant at, e.g. http://homeassistant.local:8123.");

    /// <summary>POSTs <paramref name="body"/> as JSON; <see langword="null"/> when Home Assistant answers 404.</summary>
    /// <param name="badRequestHint">What to suggest when Home Assistant answers 400 (its 400s rarely say why).</param>
    public Task<JsonNode?> PostAsync(string relative, JsonNode body, string? badRequestHint, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, relative, body, badRequestHint, cancellationToken);

    /// <summary>Replaces the token wherever it appears: error bodies and library messages are not ours to trust.</summary>
    public string Scrub(string text) => _api.Scrub(text);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonNode? body, string? badRequestHint, CancellationToken cancellationToken)
    {
        using var request = _api.CreateRequest(method, relative, content: body is null ? null : ApiTransport.JsonContent(body));
        var response = await _api.SendAsync(
            request,
            MaxResponseBytes,
            $"Home Assistant at {BaseAddress} did not answer within {_api.RequestTimeout.TotalSeconds:0} s.",
            cancellationToken);
        var text = Encoding.UTF8.GetString(response.Body);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var failure = DescribeFailure(response.StatusCode, text);
            throw new McpException(Scrub(response.StatusCode == HttpStatusCode.BadRequest && badRequestHint is not null ? $"{failure} {badRequestHint}" : failure));
        }

        if (response.Truncated)
        {
            throw _api.TooLarge($"{method} /{relative}", MaxResponseBytes, "narrow the request down.");
        }

        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new McpException($"{BaseAddress} did not answer like Home Assistant (the response to /{relative} is not JSON). Check the url setting: it is the address you open Home Assistant at, e.g. http://homeassistant.local:8123.");
        }
    }

    private string DescribeFailure(HttpStatusCode status, string body)
    {
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"Home Assistant at {BaseAddress} refused the access token (HTTP {code}). Create a long-lived access token in your Home Assistant profile (Security tab) and update the tool's token setting.",
            HttpStatusCode.BadRequest => $"Home Assistant refused the request (HTTP 400): {Excerpt(body)}",
            HttpStatusCode.MethodNotAllowed => $"Home Assistant at {BaseAddress} does not accept this request (HTTP 405). Is the url setting the Home Assistant address, not a path inside it?",
            _ when (int)status is >= 300 and < 400 => $"Home Assistant at {BaseAddress} answered with a redirect (HTTP {code}), which is not followed. Set url to the address Home Assistant is served at.",
            _ => $"Home Assistant answered HTTP {code}{(body.Length == 0 ? "." : $": {Excerpt(body)}")}",
        };
    }

    /// <summary>Home Assistant's errors are JSON <c>{"message": ...}</c> or short text.</summary>
    private static string Excerpt(string body)
    {
        var text = body.Trim();
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } error && error["message"]?.GetValueKind() == JsonValueKind.String)
            {
                text = error["message"]!.GetValue<string>();
            }
        }
        catch (JsonException)
        {
            // Not JSON: shown as it is.
        }

        return text.Length > 500 ? text[..500] + "..." : text;
    }

    public void Dispose() => _api.Dispose();
}
