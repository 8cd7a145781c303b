using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Sources;

/// <summary>
/// One MCP client session to an upstream server, shared by many client calls. It remembers which client
/// request each upstream call serves, so progress, log messages and server-to-client requests (sampling,
/// elicitation) that the upstream sends are passed to the right client, and to no other.
/// </summary>
internal sealed class UpstreamConnection : IAsyncDisposable
{
    private static long s_nextConnectionId;

    private readonly ConcurrentDictionary<long, InFlightCall> _inFlight = new();
    private readonly ConcurrentDictionary<string, InFlightCall> _byProgressToken = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private long _nextCallId;
    private long _lastActivity;
    private volatile bool _closed;
    private McpClient? _client;

    public UpstreamConnection(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        Id = Interlocked.Increment(ref s_nextConnectionId);
        Touch();
    }

    public long Id { get; }

    public McpClient Client => _client ?? throw new InvalidOperationException("The connection has not started.");

    public Task? Monitor { get; set; }

    public int InFlightCount => _inFlight.Count;

    public bool IsClosed => _closed;

    public TimeSpan IdleFor => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public void Attach(McpClient client) => _client = client;

    public void MarkClosed() => _closed = true;

    /// <summary>Whether every call in flight comes from <paramref name="sessionKey"/> (or none is in flight).</summary>
    public bool ServesOnly(object sessionKey)
    {
        foreach (var call in _inFlight.Values)
        {
            if (!Equals(call.SessionKey, sessionKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Registers a client request about to be sent upstream, and works out the meta to send with it.</summary>
    public InFlightCall Begin(MessageContext request, JsonObject? downstreamMeta)
    {
        var id = Interlocked.Increment(ref _nextCallId);
        var sessionKey = SessionKeyOf(request);
        ProgressToken? downstreamToken = null;
        string? upstreamToken = null;
        JsonObject? meta = null;

        if (downstreamMeta is not null)
        {
            meta = new JsonObject();
            foreach (var (key, value) in downstreamMeta)
            {
                // The client's per-request protocol metadata describes its link to us, not ours to the upstream.
                if (key.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (key == "progressToken")
                {
                    if (value?.GetValueKind() == JsonValueKind.Number)
                    {
                        if (value is not JsonValue number || !number.TryGetValue(out long integer))
                        {
                            // Not a token the protocol allows (a string or an integer): no progress for this call.
                            continue;
                        }

                        downstreamToken = new ProgressToken(integer);
                    }
                    else
                    {
                        downstreamToken = new ProgressToken(value?.ToString() ?? string.Empty);
                    }

                    // Upstream tokens are ours: unique per connection, so one client cannot pose as another.
                    upstreamToken = $"mcpb-{Id}-{id}";
                    meta[key] = upstreamToken;
                    continue;
                }

                meta[key] = value?.DeepClone();
            }
        }

        var call = new InFlightCall(id, request.Server, sessionKey, downstreamToken, upstreamToken, meta);
        _inFlight[id] = call;
        if (upstreamToken is not null)
        {
            _byProgressToken[upstreamToken] = call;
        }

        Touch();
        return call;
    }

    public void End(InFlightCall call)
    {
        _inFlight.TryRemove(call.Id, out _);
        if (call.UpstreamProgressToken is not null)
        {
            _byProgressToken.TryRemove(call.UpstreamProgressToken, out _);
        }

        Touch();
    }

    /// <summary>
    /// Sees every message from the upstream, in arrival order, before the MCP client dispatches it. Progress and
    /// log notifications are queued on the call they belong to and consumed here; everything else passes through.
    /// </summary>
    public bool Intercept(JsonRpcMessage message)
    {
        if (message is not JsonRpcNotification notification)
        {
            return false;
        }

        switch (notification.Method)
        {
            case NotificationMethods.ProgressNotification:
                if (notification.Params is JsonObject p && p["progressToken"]?.ToString() is { } token &&
                    _byProgressToken.TryGetValue(token, out var progressCall) && progressCall.DownstreamProgressToken is { } downstreamToken)
                {
                    var value = new ProgressNotificationValue
                    {
                        Progress = p["progress"] is JsonValue progress && progress.TryGetValue(out double number) ? (float)number : 0,
                        Total = p["total"] is JsonValue total && total.TryGetValue(out double totalNumber) ? (float)totalNumber : null,
                        Message = p["message"] is JsonValue text && text.TryGetValue(out string? message1) ? message1 : null,
                    };
                    progressCall.Forward(() => progressCall.Server.NotifyProgressAsync(downstreamToken, value));
                }

                return true;

            case NotificationMethods.LoggingMessageNotification:
                // This runs inside the transport's pump: malformed params (not an object) are dropped, never thrown on.
                if (notification.Params is JsonObject logParams && TryAttribute(out var logCall) && logCall.Server.LoggingLevel is { } minimum && LevelOf(logParams) >= minimum)
                {
                    var forwarded = new JsonRpcNotification { Method = NotificationMethods.LoggingMessageNotification, Params = logParams.DeepClone() };
                    logCall.Forward(() => logCall.Server.SendMessageAsync(forwarded));
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// Finds the client request an unsolicited upstream message belongs to. Upstream servers do not say which of
    /// our requests a sampling request or a log line is about, so it is only attributed when every call in flight
    /// on this connection comes from the same client session; then the newest of them is used.
    /// </summary>
    public bool TryAttribute(out InFlightCall call)
    {
        call = null!;
        foreach (var candidate in _inFlight.Values)
        {
            if (call is null)
            {
                call = candidate;
                continue;
            }

            if (!Equals(candidate.SessionKey, call.SessionKey))
            {
                call = null!;
                return false;
            }

            if (candidate.Id > call.Id)
            {
                call = candidate;
            }
        }

        return call is not null;
    }

    /// <summary>Calls from one client session share a key; stateless requests are each their own.</summary>
    public static object SessionKeyOf(MessageContext request) => (object?)request.Server.SessionId ?? request.JsonRpcMessage;

    private static LoggingLevel LevelOf(JsonObject parameters) =>
        (parameters["level"] as JsonValue)?.TryGetValue(out string? name) == true ? name switch
        {
            "debug" => LoggingLevel.Debug,
            "notice" => LoggingLevel.Notice,
            "warning" => LoggingLevel.Warning,
            "error" => LoggingLevel.Error,
            "critical" => LoggingLevel.Critical,
            "alert" => LoggingLevel.Alert,
            "emergency" => LoggingLevel.Emergency,
            _ => LoggingLevel.Info,
        } : LoggingLevel.Info;

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        if (_client is not null)
        {
            try
            {
                await _client.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or McpException)
            {
                // The upstream was already gone.
            }
        }

        if (Monitor is not null)
        {
            await Monitor;
        }
    }
}
