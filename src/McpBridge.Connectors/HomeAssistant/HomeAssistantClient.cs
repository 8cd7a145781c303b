using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpBridge.Connectors.HomeAssistant;

/// <summary>
/// Calls the Home Assistant REST API with a long-lived access token. Every failure becomes a message written for
/// the user, and no message, wherever it comes from, ever contains the token.
/// </summary>
internal sealed partial class HomeAssistantClient : IDisposable
{
    /// <summary>The most of a response read: a large installation's /api/states is a few megabytes.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string _token;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public HomeAssistantClient(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _baseAddress = baseAddress;
        _token = token;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Uri BaseAddress => _baseAddress;

    /// <summary>GETs <paramref name="relative"/> (e.g. <c>api/states</c>); <see langword="null"/> when Home Assistant answers 404.</summary>
    public Task<JsonNode?> GetAsync(string relative, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, relative, body: null, badRequestHint: null, cancellationToken);

    /// <summary>GETs <paramref name="relative"/>, which must exist: a 404 means the url setting does not point at Home Assistant.</summary>
    public async Task<JsonNode> GetRequiredAsync(string relative, CancellationToken cancellationToken) =>
        await GetAsync(relative, cancellationToken) ?? throw NotHomeAssistant(relative);

    /// <summary>The error for a 404 on an endpoint every Home Assistant has.</summary>
    public McpException NotHomeAssistant(string relative) =>
        new($"{_baseAddress}{relative} was not found (HTTP 404). Check the url setting: it is the address you open Home Assistant at, e.g. http://homeassistant.local:8123.");

    /// <summary>POSTs <paramref name="body"/> as JSON; <see langword="null"/> when Home Assistant answers 404.</summary>
    /// <param name="badRequestHint">What to suggest when Home Assistant answers 400 (its 400s rarely say why).</param>
    public Task<JsonNode?> PostAsync(string relative, JsonNode body, string? badRequestHint, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, relative, body, badRequestHint, cancellationToken);

    /// <summary>Replaces the token wherever it appears: error bodies and library messages are not ours to trust.</summary>
    public string Scrub(string text) =>
        _token.Length == 0 ? text : text.Replace(_token, ConfigValidation.MaskedValue, StringComparison.Ordinal);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonNode? body, string? badRequestHint, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseAddress, relative);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var (bytes, truncated) = await CappedRead.ReadAsync(stream, MaxResponseBytes, linked.Token);
            var text = Encoding.UTF8.GetString(bytes);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var failure = DescribeFailure(response.StatusCode, text);
                throw new McpException(Scrub(response.StatusCode == HttpStatusCode.BadRequest && badRequestHint is not null ? $"{failure} {badRequestHint}" : failure));
            }

            if (truncated)
            {
                throw new McpException($"Home Assistant's answer to {method} /{relative} is larger than {MaxResponseBytes / (1024 * 1024)} MiB; narrow the request down.");
            }

            try
            {
                return text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                throw new McpException($"{_baseAddress} did not answer like Home Assistant (the response to /{relative} is not JSON). Check the url setting: it is the address you open Home Assistant at, e.g. http://homeassistant.local:8123.");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"Home Assistant at {_baseAddress} did not answer within {_timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            Log.RequestFailed(_logger, _baseAddress.ToString(), Scrub(ex.Message));
            throw new McpException(Scrub(DescribeUnreachable(ex)));
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException($"Cannot reach Home Assistant at {_baseAddress}: {ex.Message}. A hosted server can only reach public addresses: use your Nabu Casa (remote UI) URL or another public URL of your Home Assistant, or run it locally with mcp-bridge start home-assistant.");
        }
    }

    private string DescribeFailure(HttpStatusCode status, string body)
    {
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"Home Assistant at {_baseAddress} refused the access token (HTTP {code}). Create a long-lived access token in your Home Assistant profile (Security tab) and update the tool's token setting.",
            HttpStatusCode.BadRequest => $"Home Assistant refused the request (HTTP 400): {Excerpt(body)}",
            HttpStatusCode.MethodNotAllowed => $"Home Assistant at {_baseAddress} does not accept this request (HTTP 405). Is the url setting the Home Assistant address, not a path inside it?",
            _ when (int)status is >= 300 and < 400 => $"Home Assistant at {_baseAddress} answered with a redirect (HTTP {code}), which is not followed. Set url to the address Home Assistant is served at.",
            _ => $"Home Assistant answered HTTP {code}{(body.Length == 0 ? "." : $": {Excerpt(body)}")}",
        };
    }

    private string DescribeUnreachable(HttpRequestException ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case EgressRefusedException refused:
                    return $"Cannot reach Home Assistant at {_baseAddress}: {refused.Message}. A hosted server can only reach public addresses: use your Nabu Casa (remote UI) URL or another public URL of your Home Assistant, or run it locally with mcp-bridge start home-assistant.";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"Could not reach Home Assistant at {_baseAddress}: the host name could not be resolved.";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"Could not reach Home Assistant at {_baseAddress}: the connection was refused. Is Home Assistant running, and is the port right?";
            }
        }

        return $"Could not reach Home Assistant at {_baseAddress}: {ex.Message}";
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

    public void Dispose() => _http.Dispose();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Home Assistant at {BaseAddress} could not be reached: {Reason}")]
        public static partial void RequestFailed(ILogger logger, string baseAddress, string reason);
    }
}
