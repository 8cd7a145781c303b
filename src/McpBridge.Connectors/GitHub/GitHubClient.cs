using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpBridge.Connectors.GitHub;

/// <summary>
/// Calls GitHub's REST API (version 2022-11-28) with a token. Every failure becomes an <see cref="McpException"/>
/// whose message says what happened and what to do (a used-up rate limit with its reset time, a rejected token, a
/// repository the token cannot see, GitHub's validation errors quoted), and no message, wherever it comes from,
/// ever contains the token.
/// </summary>
internal sealed partial class GitHubClient : IDisposable
{
    /// <summary>The most of a JSON answer read: a page of 100 items or a 1 MB file's base64 stays well below it.</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    public const string JsonMediaType = "application/vnd.github+json";
    public const string DiffMediaType = "application/vnd.github.diff";
    public const string RawMediaType = "application/vnd.github.raw+json";
    public const string TextMatchMediaType = "application/vnd.github.text-match+json";
    public const string ApiVersion = "2022-11-28";
    public const string UserAgent = "McpBridge-GitHub/1.0";

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string _token;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public GitHubClient(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _baseAddress = baseAddress;
        _token = token;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Whether the token is a GitHub App installation token, which has no user of its own.</summary>
    public bool IsInstallationToken => _token.StartsWith("ghs_", StringComparison.Ordinal);

    /// <summary>GETs <paramref name="relative"/> (e.g. <c>repos/o/r/issues?state=open</c>) as JSON.</summary>
    /// <param name="notFound">What was asked for, for the message when GitHub answers 404.</param>
    public async Task<GitHubResponse> GetJsonAsync(string relative, string notFound, CancellationToken cancellationToken, string mediaType = JsonMediaType)
    {
        var (body, truncated, pages) = (await SendAsync(HttpMethod.Get, relative, null, mediaType, MaxResponseBytes, notFound, cancellationToken))!.Value;
        return new GitHubResponse(ParseJson(body, truncated, relative), pages);
    }

    /// <summary>GETs <paramref name="relative"/> as JSON; <see langword="null"/> when GitHub answers 404.</summary>
    public async Task<GitHubResponse?> TryGetJsonAsync(string relative, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, relative, null, JsonMediaType, MaxResponseBytes, notFound: null, cancellationToken);
        return answer is var (body, truncated, pages) ? new GitHubResponse(ParseJson(body, truncated, relative), pages) : null;
    }

    /// <summary>POSTs <paramref name="payload"/> as JSON and returns GitHub's JSON answer.</summary>
    public async Task<JsonNode> PostJsonAsync(string relative, JsonObject payload, string notFound, CancellationToken cancellationToken)
    {
        var (body, truncated, _) = (await SendAsync(HttpMethod.Post, relative, payload, JsonMediaType, MaxResponseBytes, notFound, cancellationToken))!.Value;
        return ParseJson(body, truncated, relative);
    }

    /// <summary>GETs <paramref name="relative"/> in a text media type (a diff, a raw file), reading at most <paramref name="maxBytes"/>.</summary>
    public async Task<(byte[] Body, bool Truncated)> GetBytesAsync(string relative, string mediaType, int maxBytes, string notFound, CancellationToken cancellationToken)
    {
        var (body, truncated, _) = (await SendAsync(HttpMethod.Get, relative, null, mediaType, maxBytes, notFound, cancellationToken))!.Value;
        return (body, truncated);
    }

    /// <summary>Replaces the token wherever it appears: error bodies and library messages are not ours to trust.</summary>
    public string Scrub(string text) =>
        _token.Length == 0 ? text : text.Replace(_token, ConfigValidation.MaskedValue, StringComparison.Ordinal);

    /// <param name="notFound">What was asked for, for the message on a 404; <see langword="null"/> to answer <see langword="null"/> instead.</param>
    private async Task<(byte[] Body, bool Truncated, GitHubPages Pages)?> SendAsync(
        HttpMethod method, string relative, JsonObject? payload, string mediaType, int maxBytes, string? notFound, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseAddress, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        if (payload is not null)
        {
            request.Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var (body, truncated) = await CappedRead.ReadAsync(stream, maxBytes, linked.Token);
            if (response.StatusCode == HttpStatusCode.NotFound && notFound is null)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new McpException(Scrub(DescribeFailure(response, Encoding.UTF8.GetString(body), notFound ?? relative)));
            }

            var link = response.Headers.TryGetValues("Link", out var values) ? string.Join(", ", values) : null;
            return (body, truncated, GitHubPages.Parse(link));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"GitHub at {_baseAddress} did not answer within {_timeout.TotalSeconds:0} s. Try again, or ask for less (a smaller per_page, a narrower search).");
        }
        catch (HttpRequestException ex)
        {
            Log.RequestFailed(_logger, _baseAddress.ToString(), Scrub(ex.Message));
            throw new McpException(Scrub(DescribeUnreachable(ex)));
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException(Unreachable(ex));
        }
    }

    private JsonNode ParseJson(byte[] body, bool truncated, string relative)
    {
        if (truncated)
        {
            throw new McpException($"GitHub's answer to /{Path(relative)} is larger than {MaxResponseBytes / (1024 * 1024)} MiB; ask for less (a smaller per_page).");
        }

        try
        {
            return JsonNode.Parse(body) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new McpException($"{_baseAddress} did not answer like the GitHub API (the answer to /{Path(relative)} is not JSON). Check the apiBaseUrl setting: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.");
        }
    }

    private string DescribeFailure(HttpResponseMessage response, string body, string notFound)
    {
        var status = response.StatusCode;
        var code = (int)status;
        var error = GitHubError.Parse(body);
        if (status is (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests) && DescribeRateLimit(response, error) is { } limited)
        {
            return limited;
        }

        return status switch
        {
            HttpStatusCode.Unauthorized =>
                $"GitHub rejected the token (HTTP 401: {error.Message ?? "Bad credentials"}). It may be mistyped, expired or revoked: create a new one (GitHub: Settings, Developer settings, Personal access tokens) and update the tool's token setting.",
            HttpStatusCode.NotFound =>
                $"Not found, or the token cannot see it: {notFound} (HTTP 404). Check the spelling; for a private repository, the token needs access to it.",
            HttpStatusCode.Forbidden =>
                $"GitHub refused the request (HTTP 403: {error.Message ?? "Forbidden"}). The token may lack a permission this needs (a fine-grained token: the repository and the Contents, Issues or Pull requests permission; a classic token: the repo scope).",
            HttpStatusCode.UnprocessableEntity =>
                $"GitHub refused the request as invalid (HTTP 422): {error.Describe()}",
            HttpStatusCode.TooManyRequests =>
                $"GitHub is limiting the rate of requests (HTTP 429: {error.Message ?? "Too Many Requests"}). Wait at least a minute before trying again.",
            _ when code is >= 300 and < 400 =>
                $"GitHub answered with a redirect (HTTP {code}) that was not followed. Check the apiBaseUrl setting.",
            _ => $"GitHub answered HTTP {code}{(error.IsEmpty ? "." : $": {error.Describe()}")}",
        };
    }

    /// <summary>
    /// GitHub's documented signals: <c>x-ratelimit-remaining: 0</c> with <c>x-ratelimit-reset</c> (epoch seconds) for the
    /// primary limit, <c>retry-after</c> (seconds) for a secondary limit.
    /// </summary>
    private string? DescribeRateLimit(HttpResponseMessage response, GitHubError error)
    {
        var now = _timeProvider.GetUtcNow();
        if (Header(response, "retry-after") is { } retryAfter && int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            var at = now.AddSeconds(seconds);
            return $"GitHub's secondary rate limit was hit (too many requests in a short time: {error.Message ?? "rate limited"}). Retry after {seconds} seconds, at {Utc(at)}.";
        }

        if (Header(response, "x-ratelimit-remaining") != "0")
        {
            return null;
        }

        var limit = Header(response, "x-ratelimit-limit") is { } l ? $"{l} requests" : "the requests";
        var resource = Header(response, "x-ratelimit-resource") is { Length: > 0 } r && r != "core" ? $" for {r}" : string.Empty;
        var resets = Header(response, "x-ratelimit-reset") is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : (DateTimeOffset?)null;
        var when = resets is { } time
            ? $"it resets at {Utc(time)} (in {Math.Max(1, (int)Math.Ceiling((time - now).TotalMinutes))} min). Try again after that."
            : "wait for it to reset (at most an hour).";
        return $"GitHub's API rate limit is used up ({limit}{resource} allowed for this token in the current window); {when}";
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private string DescribeUnreachable(HttpRequestException ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case EgressRefusedException refused:
                    return Unreachable(refused);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"Could not reach GitHub at {_baseAddress}: the host name could not be resolved. Check the apiBaseUrl setting.";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"Could not reach GitHub at {_baseAddress}: the connection was refused. Check the apiBaseUrl setting.";
            }
        }

        return $"Could not reach GitHub at {_baseAddress}: {ex.Message}";
    }

    private string Unreachable(EgressRefusedException ex) =>
        $"Cannot reach GitHub at {_baseAddress}: {ex.Message}. A hosted server reaches only public addresses: a GitHub Enterprise Server must be reachable from the internet.";

    private static string Path(string relative)
    {
        var query = relative.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? relative : relative[..query];
    }

    public void Dispose() => _http.Dispose();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "GitHub at {BaseAddress} could not be reached: {Reason}")]
        public static partial void RequestFailed(ILogger logger, string baseAddress, string reason);
    }
}
