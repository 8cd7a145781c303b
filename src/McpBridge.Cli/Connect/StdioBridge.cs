using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Cli.Connect;

/// <summary>
/// Passes MCP messages between a local transport (the stdio client) and a remote one (HTTP), unchanged and in
/// both directions: requests, responses, notifications, and server-to-client requests such as sampling and
/// elicitation. Works at the transport level, so nothing of the protocol is interpreted or lost.
/// </summary>
/// <remarks>
/// The remote is connected when the first local message arrives, so that a refused key or an unreachable
/// endpoint can be answered to that very request instead of leaving the client waiting. Requests are sent
/// concurrently: a Streamable HTTP request lasts as long as its response stream, and a tool call that samples
/// needs the client's sampling answer to pass while the call is still open. Only <c>initialize</c> is sent
/// alone, because the session it opens must exist before anything else is sent. At most
/// <see cref="MaxConcurrentRequests"/> requests are sent at a time; the rest wait for a slot in their own task,
/// never in the loop that reads stdin, which must keep reading: the answers that let open calls finish come
/// through it.
/// </remarks>
internal sealed partial class StdioBridge
{
    public const int MaxConcurrentRequests = 64;

    private readonly ITransport _local;
    private readonly IClientTransport _remote;
    private readonly string _endpoint;
    private readonly ILogger _logger;
    private readonly int _maxConcurrentRequests;
    private readonly SemaphoreSlim _sendSlots;
    private readonly ConcurrentDictionary<RequestId, byte> _pending = new();
    private readonly TaskCompletionSource<BridgeOutcome> _fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StdioBridge(ITransport local, IClientTransport remote, string endpoint, ILogger<StdioBridge> logger, int maxConcurrentRequests = MaxConcurrentRequests)
    {
        _local = local;
        _remote = remote;
        _endpoint = endpoint;
        _logger = logger;
        _maxConcurrentRequests = maxConcurrentRequests;
        _sendSlots = new SemaphoreSlim(maxConcurrentRequests, maxConcurrentRequests);
    }

    public async Task<BridgeOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (!await _local.MessageReader.WaitToReadAsync(cancellationToken))
        {
            return BridgeOutcome.LocalClosed;
        }

        ITransport remote;
        try
        {
            remote = await _remote.ConnectAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = RemoteFailure.From(ex, _endpoint);
            Log.RemoteFailed(_logger, ex);
            await RefuseWaitingRequestsAsync(failure, cancellationToken);
            return new BridgeOutcome(failure);
        }

        await using (remote)
        {
            Log.Connected(_logger, _endpoint);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var upstream = PumpLocalToRemoteAsync(remote, stop.Token);
            var downstream = PumpRemoteToLocalAsync(remote, stop.Token);
            var ended = await Task.WhenAny(upstream, downstream, _fatal.Task);
            var outcome = await ended;

            await stop.CancelAsync();
            await WaitQuietlyAsync([upstream, downstream, DrainSendsAsync()]);

            if (outcome.Failure is { } failure)
            {
                // Whatever the client is still waiting for will not come: say so rather than let it hang.
                await FailPendingAsync(failure, cancellationToken);
            }

            return outcome;
        }
    }

    private async Task<BridgeOutcome> PumpLocalToRemoteAsync(ITransport remote, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _local.MessageReader.ReadAllAsync(cancellationToken))
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Forwarding(_logger, "client -> server", Describe(message));
                }

                if (message is JsonRpcRequest { Method: RequestMethods.Initialize } initialize)
                {
                    // Nothing may overtake initialize: its answer carries the session id every later message needs.
                    _pending[initialize.Id] = 0;
                    await SendRequestAsync(remote, initialize, cancellationToken);
                    if (_fatal.Task.IsCompleted)
                    {
                        return await _fatal.Task;
                    }
                }
                else if (message is JsonRpcRequest request)
                {
                    _pending[request.Id] = 0;

                    // Not awaited here, but not lost either: each send holds a slot until it ends, and the bridge
                    // takes every slot back (DrainSendsAsync) before it returns. Waiting for the slot happens in
                    // the send, so this loop goes on reading the client's answers meanwhile.
                    _ = SendRequestAsync(remote, request, cancellationToken);
                }
                else if (await TrySendAsync(remote, message, cancellationToken) is { IsFatal: true } failure)
                {
                    // Notifications and responses are short POSTs; sending them in order keeps
                    // notifications/initialized ahead of the requests that follow it.
                    return new BridgeOutcome(failure);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return BridgeOutcome.LocalClosed;
    }

    /// <summary>Sends one request; never throws (a failure is answered to the client, a fatal one ends the bridge).</summary>
    private async Task SendRequestAsync(ITransport remote, JsonRpcRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _sendSlots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The bridge stopped before a slot came free; FailPendingAsync answers the request.
            return;
        }

        try
        {
            if (await TrySendAsync(remote, request, cancellationToken) is { } failure)
            {
                if (_pending.TryRemove(request.Id, out _))
                {
                    await ReplyErrorAsync(request.Id, failure, cancellationToken);
                }

                if (failure.IsFatal)
                {
                    _fatal.TrySetResult(new BridgeOutcome(failure));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bridge is stopping; FailPendingAsync answers what is still open.
        }
        finally
        {
            _sendSlots.Release();
        }
    }

    /// <summary>Completes when no request send is running any more.</summary>
    private async Task DrainSendsAsync()
    {
        for (var i = 0; i < _maxConcurrentRequests; i++)
        {
            await _sendSlots.WaitAsync(CancellationToken.None);
        }
    }

    private async Task<RemoteFailure?> TrySendAsync(ITransport remote, JsonRpcMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await remote.SendMessageAsync(message, cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RemoteFailed(_logger, ex);
            return RemoteFailure.From(ex, _endpoint);
        }
    }

    private async Task<BridgeOutcome> PumpRemoteToLocalAsync(ITransport remote, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in remote.MessageReader.ReadAllAsync(cancellationToken))
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Forwarding(_logger, "server -> client", Describe(message));
                }

                if (message is JsonRpcResponse or JsonRpcError)
                {
                    _pending.TryRemove(((JsonRpcMessageWithId)message).Id, out _);
                }

                if (!await TryWriteLocalAsync(message, cancellationToken))
                {
                    // stdout is gone, so is the client: an end like stdin closing, not a failure of the remote.
                    return BridgeOutcome.LocalClosed;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return BridgeOutcome.LocalClosed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The remote transport completes its channel with the reason it closed (a status code, a network error).
            Log.RemoteFailed(_logger, ex);
            var failure = RemoteFailure.From(ex, _endpoint);
            return new BridgeOutcome(failure.IsFatal ? failure : RemoteFailure.Closed(_endpoint, ex.Message));
        }

        return cancellationToken.IsCancellationRequested ? BridgeOutcome.LocalClosed : new BridgeOutcome(RemoteFailure.Closed(_endpoint));
    }

    /// <summary>Answers the requests already read from the client when the remote could not even be connected.</summary>
    private async Task RefuseWaitingRequestsAsync(RemoteFailure failure, CancellationToken cancellationToken)
    {
        while (_local.MessageReader.TryRead(out var message))
        {
            if (message is JsonRpcRequest request)
            {
                await ReplyErrorAsync(request.Id, failure, cancellationToken);
            }
        }
    }

    private async Task FailPendingAsync(RemoteFailure failure, CancellationToken cancellationToken)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out _))
            {
                await ReplyErrorAsync(id, failure, cancellationToken);
            }
        }
    }

    private async Task ReplyErrorAsync(RequestId id, RemoteFailure failure, CancellationToken cancellationToken)
    {
        var error = new JsonRpcError
        {
            Id = id,
            Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = "mcp-bridge connect: " + failure.Message },
        };

        // If this fails the client is gone too: there is nobody left to tell.
        await TryWriteLocalAsync(error, cancellationToken);
    }

    /// <summary>Writes a message to the client; <see langword="false"/> when stdout cannot be written any more.</summary>
    private async Task<bool> TryWriteLocalAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _local.SendMessageAsync(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.LocalWriteFailed(_logger, ex);
            return false;
        }
    }

    private static async Task WaitQuietlyAsync(IEnumerable<Task> tasks)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception)
        {
            // Cancelled on purpose; the outcome was already decided.
        }
    }

    private static string Describe(JsonRpcMessage message) => message switch
    {
        JsonRpcRequest r => $"request {r.Method} #{r.Id}",
        JsonRpcNotification n => $"notification {n.Method}",
        JsonRpcResponse r => $"response #{r.Id}",
        JsonRpcError e => $"error #{e.Id}: {e.Error.Message}",
        _ => message.GetType().Name,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Connected to {Endpoint}.")]
        public static partial void Connected(ILogger logger, string endpoint);

        [LoggerMessage(2, LogLevel.Debug, "{Direction}: {Message}")]
        public static partial void Forwarding(ILogger logger, string direction, string message);

        [LoggerMessage(3, LogLevel.Debug, "The remote MCP server failed.")]
        public static partial void RemoteFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "Could not write to the local client.")]
        public static partial void LocalWriteFailed(ILogger logger, Exception exception);
    }
}
