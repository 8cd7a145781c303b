using System.Collections.Concurrent;
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

    public bool IsClosed { get; private set; }

    public TimeSpan IdleFor => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public void Attach(McpClient client) => _client = client;

    public void MarkClosed() => IsClosed = true;

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

    /// <summary>Registers a client request about to be sent upstream, and returns the meta to send with it.</summary>
    public InFlightCall Begin(MessageContext request, JsonObject? downstreamMeta)
    {
        var id = Interlocked.Increment(ref _nextCallId);
        var sessionKey = (object?)request.Server.SessionId ?? request;
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
                    downstreamToken = value?.GetValueKind() == System.Text.Json.JsonValueKind.Number
                        ? new ProgressToken(value.GetValue<long>())
                        : new ProgressToken(value?.ToString() ?? string.Empty);
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

    public bool TryGetByProgressToken(string token, out InFlightCall call) => _byProgressToken.TryGetValue(token, out call!);

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

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());

    public async ValueTask DisposeAsync()
    {
        IsClosed = true;
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

/// <summary>A client request being served by an upstream connection.</summary>
internal sealed record InFlightCall(
    long Id,
    McpServer Server,
    object SessionKey,
    ProgressToken? DownstreamProgressToken,
    string? UpstreamProgressToken,
    JsonObject? UpstreamMeta);
