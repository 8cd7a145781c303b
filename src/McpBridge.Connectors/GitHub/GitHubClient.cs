using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpBridge.Connectors.GitHub;

/// <summary>
/// Calls GitHub's REST API (version 2022-11-28) with a token. Every failure becomes an <see cref="McpException"/>
/// whose message says what happened and what to do (a used-up rate limit with its reset time, a rejected token, a
/// repository the token cannot see, GitHub's validation errors quoted), and no message, wherever it comes from,
/// ever contains the token.
/// </summary>
internal sealed class GitHubClient : IDisposable
{
    /// <summary>The most of a JSON answer read: a page of 100 items or a 1 MB file's base64 stays well below it.</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    public const string JsonMediaType = "application/vnd.github+json";
    public const string DiffMediaType = "application/vnd.github.diff";
    public const string RawMediaType = "application/vnd.github.raw+json";
    public const string TextMatchMediaType = "application/vnd.github.text-match+json";
    public const string ApiVersion = "2022-11-28";
    public const string UserAgent = "McpBridge-GitHub/1.0";

    private static readonly ApiWording s_wording = new(
        "GitHub",
        UnresolvedHint: "Check the apiBaseUrl setting.",
        RefusedHint: "Check the apiBaseUrl setting.",
        EgressHint: "A hosted server reaches only public addresses: a GitHub Enterprise Server must be reachable from the internet.");

    private readonly ApiTransport _api;

    public GitHubClient(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _api = new ApiTransport(handler, baseAddress, token, timeout, timeProvider, logger, s_wording);
        IsInstallationToken = token.StartsWith("ghs_", StringComparison.Ordinal);
    }

    /// <summary>Whether the token is a GitHub App installation token, which has no user of its own.</summary>
    public bool IsInstallationToken { get; }

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
    public string Scrub(string text) => _api.Scrub(text);

    /// <param name="notFound">What was asked for, for the message on a 404; <see langword="null"/> to answer <see langword="null"/> instead.</param>
    private async Task<(byte[] Body, bool Truncated, GitHubPages Pages)?> SendAsync(
        HttpMethod method, string relative, JsonObject? payload, string mediaType, int maxBytes, string? notFound, CancellationToken cancellationToken)
    {
        using var request = _api.CreateRequest(method, relative, mediaType, payload is null ? null : ApiTransport.JsonContent(payload));
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        request.Headers.UserAgent.ParseAdd(UserAgent);

        var response = await _api.SendAsync(
            request,
            maxBytes,
            $"GitHub at {_api.BaseAddress} did not answer within {_api.RequestTimeout.TotalSeconds:0} s. Try again, or ask for less (a smaller per_page, a narrower search).",
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && notFound is null)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new McpException(Scrub(DescribeFailure(response, Encoding.UTF8.GetString(response.Body), notFound ?? relative)));
        }

        var link = response.Headers.TryGetValues("Link", out var values) ? string.Join(", ", values) : null;
        return (response.Body, response.Truncated, GitHubPages.Parse(link));
    }

    private JsonNode ParseJson(byte[] body, bool truncated, string relative)
    {
        if (truncated)
        {
            throw _api.TooLarge($"/{Path(relative)}", MaxResponseBytes, "ask for less (a smaller per_page).");
        }

        try
        {
            return JsonNode.Parse(body) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new McpException($"{_api.BaseAddress} did not answer like the GitHub API (the answer to /{Path(relative)} is not JSON). Check the apiBaseUrl setting: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.");
        }
    }

    private string DescribeFailure(ApiResponse response, string body, string notFound)
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
    private string? DescribeRateLimit(ApiResponse response, GitHubError error)
    {
        var now = _api.TimeProvider.GetUtcNow();
        if (response.Header("retry-after") is { } retryAfter && int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            var at = now.AddSeconds(seconds);
            return $"GitHub's secondary rate limit was hit (too many requests in a short time: {error.Message ?? "rate limited"}). Retry after {seconds} seconds, at {Utc(at)}.";
        }

        if (response.Header("x-ratelimit-remaining") != "0")
        {
            return null;
        }

        var limit = response.Header("x-ratelimit-limit") is { } l ? $"{l} requests" : "the requests";
        var resource = response.Header("x-ratelimit-resource") is { Length: > 0 } r && r != "core" ? $" for {r}" : string.Empty;
        var resets = response.Header("x-ratelimit-reset") is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : (DateTimeOffset?)null;
        var when = resets is { } time
            ? $"it resets at {Utc(time)} (in {Math.Max(1, (int)Math.Ceiling((time - now).TotalMinutes))} min). Try again after that."
            : "wait for it to reset (at most an hour).";
        return $"GitHub's API rate limit is used up ({limit}{resource} allowed for this token in the current window); {when}";
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Path(string relative)
    {
        var query = relative.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? relative : relative[..query];
    }

    public void Dispose() => _api.Dispose();
}
