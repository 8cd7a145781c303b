using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpBridge.Client;

/// <summary>
/// A typed client for the MCP Bridge REST API (<c>/api/v1</c>): accounts, keys, the connector catalog, hosted
/// servers, their tools, deployments, usage and logs. Every method throws <see cref="McpBridgeApiException"/>
/// when the server answers with an error and <see cref="McpBridgeConnectionException"/> when it cannot be reached.
/// </summary>
/// <remarks>Instances are safe to use from several threads at once.</remarks>
public sealed partial class McpBridgeApiClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue s_acceptProblem = new("application/problem+json");
    private static readonly ProductInfoHeaderValue s_userAgent = new("mcp-bridge", typeof(McpBridgeApiClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly string? _apiKey;

    /// <summary>Creates a client that talks to the server at <paramref name="baseAddress"/> with its own <see cref="HttpClient"/>.</summary>
    /// <param name="baseAddress">The server's base URL, e.g. <c>http://127.0.0.1:5000</c>.</param>
    /// <param name="apiKey">The account API key sent as <c>Authorization: Bearer</c>; <see langword="null"/> for unauthenticated calls.</param>
    public McpBridgeApiClient(Uri baseAddress, string? apiKey = null)
        : this(new HttpClient(), baseAddress, apiKey, ownsHttpClient: true)
    {
    }

    /// <summary>
    /// Creates a client over an existing <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the
    /// server's base URL. The client does not dispose <paramref name="httpClient"/>.
    /// </summary>
    /// <param name="httpClient">The HTTP client to send requests with; its <see cref="HttpClient.BaseAddress"/> must be set.</param>
    /// <param name="apiKey">The account API key sent as <c>Authorization: Bearer</c>; <see langword="null"/> for unauthenticated calls.</param>
    public McpBridgeApiClient(HttpClient httpClient, string? apiKey = null)
        : this(httpClient, httpClient?.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(httpClient)), apiKey, ownsHttpClient: false)
    {
    }

    private McpBridgeApiClient(HttpClient httpClient, Uri baseAddress, string? apiKey, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseAddress}' is not an absolute http(s) URL.", nameof(baseAddress));
        }

        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();

        // Routes are resolved relative to the base, so a server mounted under a path prefix keeps its prefix.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>The server's base URL (always ending in <c>/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Whether an API key is sent with requests.</summary>
    public bool HasApiKey => _apiKey is not null;

    /// <summary>The JSON settings of the API: System.Text.Json web defaults (camelCase, case-insensitive reads). Read-only.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Disposes the underlying <see cref="HttpClient"/> if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool authenticate = true)
    {
        using var response = await SendCoreAsync(method, path, body, authenticate, cancellationToken);
        try
        {
            var result = await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken);
            return result ?? throw UnexpectedBody(response, "an empty body");
        }
        catch (JsonException ex)
        {
            throw UnexpectedBody(response, $"JSON that does not match {typeof(T).Name} ({ex.Message})");
        }
        catch (NotSupportedException ex)
        {
            throw UnexpectedBody(response, $"content of type '{response.Content.Headers.ContentType}' ({ex.Message})");
        }
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, authenticate: true, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body, bool authenticate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        request.Headers.Accept.Add(s_acceptJson);
        request.Headers.Accept.Add(s_acceptProblem);
        request.Headers.UserAgent.Add(s_userAgent);
        if (authenticate && _apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonOptions);
        }

        HttpResponseMessage response;
        try
        {
            // The whole (small, JSON) body is read inside SendAsync, so HttpClient.Timeout covers it and a broken body
            // surfaces here as a connection error rather than later as a raw IOException.
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new McpBridgeConnectionException(BaseAddress, McpBridgeConnectionException.DescribeReason(ex), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; the caller did not cancel, so say what happened.
            throw new McpBridgeConnectionException(BaseAddress, $"no answer within {_http.Timeout.TotalSeconds:0} s", ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemDetailsReader.ReadAsync(response, cancellationToken);
        }
    }

    private static McpBridgeApiException UnexpectedBody(HttpResponseMessage response, string what) =>
        new(response.StatusCode, code: null, title: "Unexpected response",
            detail: $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} with {what}. Is this an MCP Bridge server of a matching version?");

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    private static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return present.Length == 0 ? path : path + "?" + string.Join('&', present);
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        // Shared by every instance (and handed out): frozen so that nobody changes how the API is read.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static string? Invariant(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
