using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Composite;

/// <summary>
/// <c>subscriptions/listen</c> (MCP 2026-07-28): a stateless client holds this request open to receive the list
/// changes and resource updates it asked for, each tagged with the listen request's id. The SDK's own handler grants
/// nothing on a stateless transport (no server outlives a request); a composite server can do better because the
/// composite itself outlives requests, so it keeps the listeners and sends to their streams.
/// </summary>
public sealed partial class CompositeServer
{
    private readonly ConcurrentDictionary<long, Listener> _listeners = new();
    private CancellationTokenSource _listenersClosed = new();
    private long _nextListener;

    /// <summary>
    /// Ends every <c>subscriptions/listen</c> request open now, e.g. when the server is deleted: they belong to no
    /// session, so closing the target's sessions does not end them. Returns how many there were.
    /// </summary>
    public async Task<int> CloseListenersAsync()
    {
        var closed = Interlocked.Exchange(ref _listenersClosed, new CancellationTokenSource());
        var count = _listeners.Count;
        await closed.CancelAsync();

        // Not disposed: a listen request starting just now may still link to its token.
        return count;
    }

    private async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, CancellationToken requestAborted)
    {
        var version = request.JsonRpcRequest.Context?.ProtocolVersion ?? request.Server.NegotiatedProtocolVersion;
        if (string.CompareOrdinal(version, "2026-07-28") < 0)
        {
            throw new McpProtocolException(
                $"'{RequestMethods.SubscriptionsListen}' belongs to protocol 2026-07-28; this session uses {version ?? "an older revision"} (it gets list changes on its GET stream).",
                McpErrorCode.MethodNotFound);
        }

        var requested = request.Params?.Notifications ?? new SubscriptionsListenNotifications();
        var granted = new SubscriptionsListenNotifications
        {
            ToolsListChanged = requested.ToolsListChanged == true ? true : null,
            PromptsListChanged = requested.PromptsListChanged == true ? true : null,
            ResourcesListChanged = requested.ResourcesListChanged == true ? true : null,
            ResourceSubscriptions = requested.ResourceSubscriptions is { Count: > 0 } uris ? [.. uris.Distinct(StringComparer.Ordinal)] : null,
        };
        // request.Server is bound to this request: what it sends goes down this request's own response stream.
        var listener = new Listener(request.JsonRpcRequest.Id, granted, request.Server);
        var key = Interlocked.Increment(ref _nextListener);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, Volatile.Read(ref _listenersClosed).Token);
        var cancellationToken = listening.Token;
        _listeners[key] = listener;
        var subscribed = new List<string>();
        try
        {
            foreach (var uri in granted.ResourceSubscriptions ?? [])
            {
                if (await AcquireSubscriptionAsync(uri, cancellationToken))
                {
                    subscribed.Add(uri);
                }
            }

            var ack = JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams { Notifications = granted }, McpJsonUtilities.DefaultOptions);
            // Not the closing token: Kestrel aborts the connection for a write cancelled while under way, and a close
            // landing mid-write would cost the client its closing result. A close now ends the wait just below.
            await SendToListenerAsync(listener, NotificationMethods.SubscriptionsAcknowledgedNotification, ack as JsonObject, requestAborted);

            // Held open until the client goes away (or sends notifications/cancelled).
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _listeners.TryRemove(key, out _);
            foreach (var uri in subscribed)
            {
                ReleaseSubscription(uri);
            }
        }

        return new EmptyResult();
    }

    private Task NotifyListenersAsync(string method, string? uri)
    {
        var sends = new List<Task>();
        foreach (var listener in _listeners.Values)
        {
            var wanted = method switch
            {
                NotificationMethods.ToolListChangedNotification => listener.Granted.ToolsListChanged == true,
                NotificationMethods.PromptListChangedNotification => listener.Granted.PromptsListChanged == true,
                NotificationMethods.ResourceListChangedNotification => listener.Granted.ResourcesListChanged == true,
                NotificationMethods.ResourceUpdatedNotification => uri is not null && listener.Granted.ResourceSubscriptions?.Contains(uri) == true,
                _ => false,
            };
            if (wanted)
            {
                // A listener whose stream is gone is removed when its request ends.
                sends.Add(SendQuietlyAsync(method, ct => SendToListenerAsync(listener, method, uri is null ? null : new JsonObject { ["uri"] = uri }, ct)));
            }
        }

        return Task.WhenAll(sends);
    }

    private static Task SendToListenerAsync(Listener listener, string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        parameters ??= new JsonObject();
        var meta = parameters["_meta"] as JsonObject ?? new JsonObject();
        parameters["_meta"] = meta;
        meta["io.modelcontextprotocol/subscriptionId"] = listener.Id.Id switch
        {
            long number => JsonValue.Create(number),
            string text => JsonValue.Create(text),
            _ => null,
        };
        return listener.Server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, cancellationToken);
    }

    /// <summary>A held-open <c>subscriptions/listen</c> request and what it was granted.</summary>
    private sealed record Listener(RequestId Id, SubscriptionsListenNotifications Granted, McpServer Server);
}
