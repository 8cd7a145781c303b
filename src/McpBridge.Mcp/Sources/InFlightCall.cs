using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Sources;

/// <summary>
/// A client request being served by an upstream connection. Notifications the upstream sends about it are passed
/// to the client one after another, in arrival order, and the call's result is returned only after them.
/// </summary>
internal sealed class InFlightCall(long id, McpServer server, object sessionKey, ProgressToken? downstreamProgressToken, string? upstreamProgressToken, JsonObject? upstreamMeta)
{
    private readonly object _gate = new();
    private Task _forwarded = Task.CompletedTask;

    public long Id { get; } = id;

    /// <summary>The client's session (bound to the client's request, so messages go out on its stream).</summary>
    public McpServer Server { get; } = server;

    public object SessionKey { get; } = sessionKey;

    public ProgressToken? DownstreamProgressToken { get; } = downstreamProgressToken;

    public string? UpstreamProgressToken { get; } = upstreamProgressToken;

    public JsonObject? UpstreamMeta { get; } = upstreamMeta;

    /// <summary>Queues a message to the client after those queued before it.</summary>
    public void Forward(Func<Task> send)
    {
        lock (_gate)
        {
            _forwarded = ForwardAfterAsync(_forwarded, send);
        }
    }

    /// <summary>Completes when every message queued so far has been passed on (or failed to be).</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return _forwarded;
        }
    }

    private static async Task ForwardAfterAsync(Task previous, Func<Task> send)
    {
        await previous;
        try
        {
            await send();
        }
        catch (Exception)
        {
            // Best effort: the client's stream may be gone; the call itself still completes.
        }
    }
}
