using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpBridge.Connectors.Slack;

/// <summary>
/// Calls the Slack Web API (https://docs.slack.dev/apis/web-api) with a bearer token: read methods as form-encoded
/// POSTs, write methods as JSON, as Slack documents. What Slack says (<c>{"ok": false}</c>, HTTP 429) comes back as a
/// <see cref="SlackResult"/> for the caller to word; what stops Slack from answering at all (network, timeout, a
/// base URL that is not Slack, an answer over the size cap) is an <see cref="McpException"/>. No message, wherever it
/// comes from, ever contains the token.
/// </summary>
internal sealed partial class SlackClient : IDisposable
{
    /// <summary>The most of an answer read: a page of 1,000 channels or 200 messages is well under a megabyte.</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    private static readonly ApiWording s_wording = new(
        "Slack",
        UnresolvedHint: "Check the tool's apiBaseUrl setting.",
        RefusedHint: "Check the tool's apiBaseUrl setting.",
        EgressHint: "A hosted server only reaches public addresses; the apiBaseUrl setting is normally https://slack.com/api.");

    private readonly ApiTransport _api;
    private readonly ILogger _logger;

    public SlackClient(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _api = new ApiTransport(handler, baseAddress, token, timeout, timeProvider, logger, s_wording);
        _logger = logger;
    }

    /// <summary>Calls a read method with its arguments form-encoded, as every Slack method accepts.</summary>
    public Task<SlackResult> SendFormAsync(string method, IEnumerable<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken) =>
        SendAsync(method, new FormUrlEncodedContent(arguments), cancellationToken);

    /// <summary>Calls a write method (e.g. <c>chat.postMessage</c>) with a JSON body, which Slack accepts for those.</summary>
    public Task<SlackResult> SendJsonAsync(string method, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(method, ApiTransport.JsonContent(body), cancellationToken);

    /// <summary>Replaces the token wherever it appears: message text and server answers are not ours to trust.</summary>
    public string Scrub(string text) => _api.Scrub(text);

    private async Task<SlackResult> SendAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = _api.CreateRequest(HttpMethod.Post, method, content: content);
        var response = await _api.SendAsync(
            request,
            MaxResponseBytes,
            $"Slack did not answer {method} within {_api.RequestTimeout.TotalSeconds:0} s. Try again; if it keeps happening, ask for fewer items or raise the tool's timeoutSeconds setting.",
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Slack answers 429 with Retry-After in seconds; the body adds nothing.
            var wait = RetryAfter(response);
            Log.RateLimited(_logger, method, wait?.TotalSeconds ?? 0);
            return SlackResult.Failed(new SlackError(method, "ratelimited", RetryAfter: wait, RetryAt: wait is { } w ? _api.TimeProvider.GetUtcNow() + w : null));
        }

        if (response.Truncated)
        {
            throw _api.TooLarge(method, MaxResponseBytes, "ask for fewer items (a lower limit).");
        }

        var envelope = Envelope(response.Body);
        if (envelope is null)
        {
            throw new McpException(DescribeNotSlack(method, response.StatusCode));
        }

        if (envelope["ok"]?.GetValueKind() == JsonValueKind.True)
        {
            return SlackResult.Ok(envelope);
        }

        // Slack's errors come with HTTP 200 (a few, like unknown_method, with 404): the code is what counts.
        return SlackResult.Failed(new SlackError(method, Text(envelope["error"]) is { Length: > 0 } code ? code : "unknown_error", Text(envelope["needed"]), Text(envelope["provided"])));
    }

    /// <summary>The answer as a Slack envelope (a JSON object with a boolean <c>ok</c>), or <see langword="null"/>.</summary>
    private static JsonObject? Envelope(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) is JsonObject body && body["ok"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? body : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(ApiResponse response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => TimeSpan.FromTicks(Math.Max(0, (date - _api.TimeProvider.GetUtcNow()).Ticks)),
            _ => null,
        };

    private string DescribeNotSlack(string method, HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            >= 300 and < 400 => $"{_api.BaseAddress} answered {method} with a redirect (HTTP {code}), which is not followed. Check the tool's apiBaseUrl setting (normally https://slack.com/api).",
            >= 500 => $"Slack answered {method} with HTTP {code}: it is having trouble on its side. Try again in a moment.",
            _ => $"{_api.BaseAddress} did not answer {method} like the Slack Web API (HTTP {code}, no JSON with \"ok\"). Check the tool's apiBaseUrl setting (normally https://slack.com/api).",
        };
    }

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public void Dispose() => _api.Dispose();

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Information, "Slack rate-limited {Method}; Retry-After {Seconds} s")]
        public static partial void RateLimited(ILogger logger, string method, double seconds);
    }
}
