using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using McpBridge.Connectors.Egress;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.Fetch;

/// <summary>The fetch connector's tool: GET a URL through the egress guard and return its text, web pages as Markdown.</summary>
internal sealed partial class FetchTools
{
    public static readonly ConnectorToolInfo FetchInfo = new(
        "fetch",
        "Fetch a URL from the internet and return its content as text; web pages are converted to Markdown. Long content is returned in pages: when the answer says it was truncated, call again with the start_index it gives. Set raw to true for the unconverted body (HTML source, JSON).");

    /// <summary>The most of a response body read; a model cannot use more, and a tool must not buffer unbounded input.</summary>
    public const int MaxBodyBytes = 5 * 1024 * 1024;

    private const int MaxMaxLength = 1_000_000;

    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly string _userAgent;
    private readonly TimeSpan _conversionBudget;

    /// <param name="conversionBudget">The most time converting one page to Markdown may take (CPU, unlike the network timeout).</param>
    public FetchTools(HttpClient client, TimeSpan timeout, string userAgent, TimeSpan conversionBudget)
    {
        _client = client;
        _timeout = timeout;
        _userAgent = userAgent;
        _conversionBudget = conversionBudget;
    }

    public McpServerTool CreateTool() => ConnectorTool.Create(FetchAsync, FetchInfo, readOnly: true, openWorld: true);

    public async Task<string> FetchAsync(
        [Description("The absolute http:// or https:// URL to fetch.")] string url,
        CancellationToken cancellationToken,
        [Description("The most characters to return (default 20000).")] int max_length = 20000,
        [Description("Start at this character of the content; use the value a truncated answer gives to read on.")] int start_index = 0,
        [Description("Return the body as it is, without converting HTML to Markdown.")] bool raw = false)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new McpException($"'{url}' is not an absolute http:// or https:// URL.");
        }

        if (max_length is < 1 or > MaxMaxLength)
        {
            throw new McpException($"max_length must be between 1 and {MaxMaxLength}.");
        }

        if (start_index < 0)
        {
            throw new McpException("start_index must be 0 or more.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        Body body;
        try
        {
            body = await GetAsync(uri, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"Fetching {uri} timed out after {_timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            throw new McpException(FindRefusal(ex) is { } refused
                ? $"Cannot fetch {uri}: {refused.Message}."
                : $"Could not fetch {uri}: {ex.Message}");
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException($"Cannot fetch {uri}: {ex.Message}.");
        }

        var content = body.IsHtml && !raw ? await ConvertAsync(body, cancellationToken) : body.Text;
        if (content.Length == 0)
        {
            return $"{body.FinalUri} returned no content.";
        }

        if (start_index >= content.Length)
        {
            throw new McpException($"start_index {start_index} is past the end of the content ({content.Length} characters).");
        }

        var length = Math.Min(max_length, content.Length - start_index);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Contents of {body.FinalUri}:\n\n");
        text.Append(content, start_index, length);
        var end = start_index + length;
        if (end < content.Length)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n\n[Content truncated: showing characters {start_index} to {end} of {content.Length}. Call fetch again with start_index={end} to read more.]");
        }

        if (body.Truncated)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n[The response is larger than {MaxBodyBytes / (1024 * 1024)} MB; only its beginning was read.]");
        }

        return text.ToString();
    }

    private async Task<string> ConvertAsync(Body body, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_conversionBudget);
        try
        {
            return await HtmlToMarkdown.ConvertAsync(body.Text, body.FinalUri, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"The page at {body.FinalUri} is too complex to convert to Markdown in {_conversionBudget.TotalSeconds:0.#} s. Call fetch with raw set to true to get its HTML instead.");
        }
    }

    private async Task<Body> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var finalUri = response.RequestMessage?.RequestUri ?? uri;
        if (!response.IsSuccessStatusCode)
        {
            throw new McpException($"{finalUri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.".TrimEnd());
        }

        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant();
        if (mediaType is not null && !IsText(mediaType))
        {
            throw new McpException($"{finalUri} returned {mediaType} content, which is not text. fetch only returns web pages and other text.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var (bytes, truncated) = await CappedRead.ReadAsync(stream, MaxBodyBytes, cancellationToken);
        var isHtml = mediaType is "text/html" or "application/xhtml+xml" || (mediaType is null && LooksLikeHtml(bytes));
        var encoding = ChooseEncoding(contentType, bytes, isHtml);
        var text = encoding.GetString(bytes);
        if (mediaType is null && text.Contains('\0', StringComparison.Ordinal))
        {
            throw new McpException($"{finalUri} returned binary content, which is not text. fetch only returns web pages and other text.");
        }

        return new Body(finalUri, text.TrimStart('\uFEFF'), isHtml, truncated);
    }

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.Ordinal) ||
        mediaType.EndsWith("+json", StringComparison.Ordinal) ||
        mediaType.EndsWith("+xml", StringComparison.Ordinal) ||
        mediaType is "application/json" or "application/xml" or "application/javascript" or "application/x-javascript"
            or "application/ecmascript" or "application/yaml" or "application/x-yaml" or "application/toml"
            or "application/x-ndjson" or "application/xhtml+xml" or "application/sql" or "application/graphql";

    private static bool LooksLikeHtml(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 512)).TrimStart();
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static Encoding ChooseEncoding(MediaTypeHeaderValue? contentType, byte[] bytes, bool isHtml)
    {
        var charset = contentType?.CharSet?.Trim('"', '\'', ' ');
        if (string.IsNullOrEmpty(charset) && isHtml)
        {
            // Pages often declare their encoding only in a <meta> tag near the top.
            var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 2048));
            var match = MetaCharset().Match(head);
            charset = match.Success ? match.Groups[1].Value : null;
        }

        if (string.IsNullOrEmpty(charset))
        {
            return new UTF8Encoding(false);
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            // Legacy code pages (windows-1252, shift_jis) are not built in; the provider has them without a global registration.
            return CodePagesEncodingProvider.Instance.GetEncoding(charset) ?? new UTF8Encoding(false);
        }
    }

    private static EgressRefusedException? FindRefusal(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is EgressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    private sealed record Body(Uri FinalUri, string Text, bool IsHtml, bool Truncated);
}
