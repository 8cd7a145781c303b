using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
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

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string _token;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SlackClient(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _baseAddress = baseAddress;
        _token = token;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Calls a read method with its arguments form-encoded, as every Slack method accepts.</summary>
    public Task<SlackResult> SendFormAsync(string method, IEnumerable<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken) =>
        SendAsync(method, new FormUrlEncodedContent(arguments), cancellationToken);

    /// <summary>Calls a write method (e.g. <c>chat.postMessage</c>) with a JSON body, which Slack accepts for those.</summary>
    public Task<SlackResult> SendJsonAsync(string method, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(method, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Replaces the token wherever it appears: message text and server answers are not ours to trust.</summary>
    public string Scrub(string text) =>
        _token.Length == 0 ? text : text.Replace(_token, ConfigValidation.MaskedValue, StringComparison.Ordinal);

    private async Task<SlackResult> SendAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, method)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Slack answers 429 with Retry-After in seconds; the body adds nothing.
                var wait = RetryAfter(response);
                Log.RateLimited(_logger, method, wait?.TotalSeconds ?? 0);
                return SlackResult.Failed(new SlackError(method, "ratelimited", RetryAfter: wait, RetryAt: wait is { } w ? _timeProvider.GetUtcNow() + w : null));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var (bytes, truncated) = await CappedRead.ReadAsync(stream, MaxResponseBytes, linked.Token);
            if (truncated)
            {
                throw new McpException($"Slack's answer to {method} is larger than {MaxResponseBytes / (1024 * 1024)} MiB; ask for fewer items (a lower limit).");
            }

            var envelope = Envelope(bytes);
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
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"Slack did not answer {method} within {_timeout.TotalSeconds:0} s. Try again; if it keeps happening, ask for fewer items or raise the tool's timeoutSeconds setting.");
        }
        catch (HttpRequestException ex)
        {
            Log.RequestFailed(_logger, _baseAddress.ToString(), Scrub(ex.Message));
            throw new McpException(Scrub(DescribeUnreachable(ex)));
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException(Refused(ex));
        }
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

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => TimeSpan.FromTicks(Math.Max(0, (date - _timeProvider.GetUtcNow()).Ticks)),
            _ => null,
        };

    private string DescribeNotSlack(string method, HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            >= 300 and < 400 => $"{_baseAddress} answered {method} with a redirect (HTTP {code}), which is not followed. Check the tool's apiBaseUrl setting (normally https://slack.com/api).",
            >= 500 => $"Slack answered {method} with HTTP {code}: it is having trouble on its side. Try again in a moment.",
            _ => $"{_baseAddress} did not answer {method} like the Slack Web API (HTTP {code}, no JSON with \"ok\"). Check the tool's apiBaseUrl setting (normally https://slack.com/api).",
        };
    }

    private string DescribeUnreachable(HttpRequestException ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case EgressRefusedException refused:
                    return Refused(refused);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"Could not reach Slack at {_baseAddress}: the host name could not be resolved. Check the tool's apiBaseUrl setting.";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"Could not reach Slack at {_baseAddress}: the connection was refused. Check the tool's apiBaseUrl setting.";
            }
        }

        return $"Could not reach Slack at {_baseAddress}: {ex.Message}";
    }

    private string Refused(EgressRefusedException ex) =>
        $"Cannot reach Slack at {_baseAddress}: {ex.Message}. A hosted server only reaches public addresses; the apiBaseUrl setting is normally https://slack.com/api.";

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public void Dispose() => _http.Dispose();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Slack at {BaseAddress} could not be reached: {Reason}")]
        public static partial void RequestFailed(ILogger logger, string baseAddress, string reason);

        [LoggerMessage(2, LogLevel.Information, "Slack rate-limited {Method}; Retry-After {Seconds} s")]
        public static partial void RateLimited(ILogger logger, string method, double seconds);
    }
}
