using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.Http;

/// <summary>
/// The plumbing every connector for a token-authenticated HTTP API shares (GitHub, Slack, Home Assistant): requests
/// go out through the handler the connector got from its <see cref="EgressGuard"/>, each under a timeout kept by the
/// injected <see cref="TimeProvider"/> and the caller's cancellation, and at most a cap of each answer is read.
/// What stops the service from answering at all (a timeout, a name that does not resolve, a refused connection, an
/// address the guard refuses) becomes an <see cref="McpException"/> worded for the user with the connector's
/// <see cref="ApiWording"/>; what the service answers, errors included, is the caller's to interpret. No message
/// made here contains the token, and <see cref="Scrub"/> does the same for the caller's.
/// </summary>
internal sealed partial class ApiTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;
    private readonly ApiWording _wording;
    private readonly ILogger _logger;

    public ApiTransport(HttpMessageHandler handler, Uri baseAddress, string token, TimeSpan timeout, TimeProvider timeProvider, ILogger logger, ApiWording wording)
    {
        // The timeout is ours, on the injected clock, so that it can be told apart from the caller's cancellation.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        BaseAddress = baseAddress;
        _token = token;
        RequestTimeout = timeout;
        TimeProvider = timeProvider;
        _logger = logger;
        _wording = wording;
    }

    /// <summary>The API's address, ending in '/': relative paths resolve under it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How long one request, its answer's body included, may take.</summary>
    public TimeSpan RequestTimeout { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// The tools as a source that disposes <paramref name="client"/> (and with it its transport) when the server lets
    /// go of them: the last step of an HTTP API connector's <c>CreateSourceAsync</c>.
    /// </summary>
    public static ValueTask<IMcpSource> CreateSource(IEnumerable<McpServerTool> tools, IDisposable client) =>
        new(new InProcessSource(
            tools,
            dispose: () =>
            {
                client.Dispose();
                return ValueTask.CompletedTask;
            }));

    /// <summary>A UTF-8 <c>application/json</c> body.</summary>
    public static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A request for <paramref name="relative"/> under <see cref="BaseAddress"/>, with the token as a bearer and <paramref name="accept"/> as its only media type.</summary>
    public HttpRequestMessage CreateRequest(HttpMethod method, string relative, string accept = "application/json", HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads at most <paramref name="maxBytes"/> of the answer, whatever its status.
    /// Cancelling <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/> as usual.
    /// </summary>
    /// <param name="timeoutMessage">The tool error when <see cref="RequestTimeout"/> passes first.</param>
    /// <exception cref="McpException">The timeout passed, or the service could not be reached.</exception>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request, int maxBytes, string timeoutMessage, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var (body, truncated) = await CappedRead.ReadAsync(stream, maxBytes, linked.Token);
            return new ApiResponse(response.StatusCode, response.Headers, body, truncated);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpException(Scrub(timeoutMessage));
        }
        catch (HttpRequestException ex)
        {
            Log.RequestFailed(_logger, _wording.Service, BaseAddress.ToString(), Scrub(ex.Message));
            throw new McpException(Scrub(DescribeUnreachable(ex)));
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException(Scrub(Refused(ex)));
        }
    }

    /// <summary>The tool error for an answer cut at <paramref name="maxBytes"/>, e.g. <c>Slack's answer to chat.postMessage is larger than 8 MiB; ...</c>.</summary>
    /// <param name="what">What was asked, e.g. a method name or a path.</param>
    /// <param name="advice">How to ask for less.</param>
    public McpException TooLarge(string what, int maxBytes, string advice) =>
        new(Scrub($"{_wording.Service}'s answer to {what} is larger than {maxBytes / (1024 * 1024)} MiB; {advice}"));

    /// <summary>Replaces the token wherever it appears: error bodies and library messages are not ours to trust.</summary>
    public string Scrub(string text) =>
        _token.Length == 0 ? text : text.Replace(_token, ConfigValidation.MaskedValue, StringComparison.Ordinal);

    public void Dispose() => _http.Dispose();

    private string DescribeUnreachable(HttpRequestException ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case EgressRefusedException refused:
                    return Refused(refused);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return CouldNotReach("the host name could not be resolved.", _wording.UnresolvedHint);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return CouldNotReach("the connection was refused.", _wording.RefusedHint);
            }
        }

        return CouldNotReach(ex.Message, hint: null);
    }

    private string CouldNotReach(string why, string? hint) =>
        $"Could not reach {_wording.Service} at {BaseAddress}: {why}{(hint is null ? string.Empty : " " + hint)}";

    private string Refused(EgressRefusedException ex) =>
        $"Cannot reach {_wording.Service} at {BaseAddress}: {ex.Message}. {_wording.EgressHint}";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Service} at {BaseAddress} could not be reached: {Reason}")]
        public static partial void RequestFailed(ILogger logger, string service, string baseAddress, string reason);
    }
}
