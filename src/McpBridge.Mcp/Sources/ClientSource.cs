using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Sources;

/// <summary>
/// A source backed by an upstream MCP server reached through a client transport: a stdio child process or a
/// remote Streamable HTTP / SSE endpoint. Keeps a small pool of connections, starts them on demand, restarts
/// them (with backoff) when they die, closes them when idle, and passes progress, logging, sampling and
/// elicitation between the upstream and the client request that caused them.
/// </summary>
public sealed partial class ClientSource : IMcpSource
{
    private readonly ClientSourceOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _catalogLock = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _subscriptions = new(StringComparer.Ordinal);
    private readonly Task _reaper;
    private List<UpstreamConnection> _connections = [];
    private Task<UpstreamConnection>? _starting;
    private SourceCatalog? _catalog;
    private volatile bool _catalogStale = true;

    // SourceState is two fields wide: swapped as one immutable box so a reader never sees half of a write.
    private volatile StrongBox<SourceState> _state = new(SourceState.Idle);
    private int _consecutiveFailures;
    private long _retryNotBefore;
    private string? _lastStartError;

    public ClientSource(ClientSourceOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<ClientSource>();
        _reaper = ReapIdleConnectionsAsync(_disposed.Token);
    }

    public SourceCatalog? LastKnownCatalog => _catalog;

    public SourceState State => _state.Value;

    public event Action<SourceChange>? Changed;

    /// <summary>How many upstream connections are open (for tests and status pages).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public async ValueTask<SourceCatalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        var catalog = _catalog;
        if (catalog is not null && !_catalogStale)
        {
            return catalog;
        }

        await _catalogLock.WaitAsync(cancellationToken);
        try
        {
            if (_catalog is not null && !_catalogStale)
            {
                return _catalog;
            }

            var connection = await AcquireAsync(cancellationToken);
            _catalogStale = false;
            var fetched = await FetchCatalogAsync(connection.Client, cancellationToken);
            _catalog = fetched;
            return fetched;
        }
        catch (Exception ex) when (ex is not SourceUnavailableException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // What the upstream's transport says may quote its stderr, where secrets end up: pass on a masked message.
            _catalogStale = true;
            throw new SourceUnavailableException($"'{_options.Name}' could not list what it offers: {Mask(ex.Message)}");
        }
        catch
        {
            _catalogStale = true;
            throw;
        }
        finally
        {
            _catalogLock.Release();
        }
    }

    public ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Params!.Meta, (client, meta, ct) => client.CallToolAsync(
            new CallToolRequestParams { Name = request.Params.Name, Arguments = request.Params.Arguments, Meta = meta }, ct), cancellationToken);

    public ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Params!.Meta, (client, meta, ct) => client.ReadResourceAsync(
            new ReadResourceRequestParams { Uri = request.Params.Uri, Meta = meta }, ct), cancellationToken);

    public ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Params!.Meta, (client, meta, ct) => client.GetPromptAsync(
            new GetPromptRequestParams { Name = request.Params.Name, Arguments = request.Params.Arguments, Meta = meta }, ct), cancellationToken);

    public ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Params!.Meta, async (client, meta, ct) =>
        {
            if (client.ServerCapabilities.Completions is null)
            {
                return new CompleteResult { Completion = new Completion { Values = [] } };
            }

            return await client.CompleteAsync(
                new CompleteRequestParams { Ref = request.Params.Ref, Argument = request.Params.Argument, Context = request.Params.Context, Meta = meta }, ct);
        }, cancellationToken);

    public async ValueTask SubscribeAsync(string uri, CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        if (connection.Client.ServerCapabilities.Resources?.Subscribe == true)
        {
            await connection.Client.SubscribeToResourceAsync(uri, cancellationToken: cancellationToken);
        }

        // Only once the upstream accepted it: every new connection subscribes these again.
        _subscriptions[uri] = 0;
    }

    public async ValueTask UnsubscribeAsync(string uri, CancellationToken cancellationToken)
    {
        if (!_subscriptions.TryRemove(uri, out _))
        {
            return;
        }

        UpstreamConnection[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            if (connection.Client.ServerCapabilities.Resources?.Subscribe == true)
            {
                await connection.Client.UnsubscribeFromResourceAsync(uri, cancellationToken: cancellationToken);
            }
        }
    }

    private async ValueTask<TResult> SendAsync<TResult>(
        MessageContext request,
        JsonObject? meta,
        Func<McpClient, JsonObject?, CancellationToken, ValueTask<TResult>> send,
        CancellationToken cancellationToken)
        where TResult : Result
    {
        var (connection, call) = await AcquireForCallAsync(request, meta, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var result = await send(connection.Client, call.UpstreamMeta, timeout.Token);

            // Progress and log messages the upstream sent before its result reach the client before the result does.
            try
            {
                await call.DrainAsync().WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The upstream answered; it is the client's stream that is not taking the messages sent before the
                // answer. The answer goes out anyway.
            }

            return Sanitize(result);
        }
        catch (McpProtocolException)
        {
            // The upstream answered with a JSON-RPC error: the client should see it as it is.
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"'{_options.Name}' did not answer within {_options.RequestTimeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (connection.IsClosed || ex is IOException or ObjectDisposedException or McpException))
        {
            // Take it out of rotation now, so the next call starts a new connection instead of finding this one.
            // Not attached as the inner exception: the transport's message may quote the upstream's stderr.
            connection.MarkClosed();
            throw new SourceUnavailableException($"'{_options.Name}' is unavailable: the connection closed during the request.");
        }
        finally
        {
            connection.End(call);
        }
    }

    /// <summary>
    /// Drops what describes the upstream link rather than the result: the protocol's own <c>_meta</c> keys
    /// (server info of a per-request-metadata revision) and <c>resultType</c>, which older clients do not know.
    /// </summary>
    private static TResult Sanitize<TResult>(TResult result)
        where TResult : Result
    {
        result.ResultType = null;
        if (result.Meta is { } meta)
        {
            foreach (var key in meta.Select(p => p.Key).Where(k => k.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal)).ToList())
            {
                meta.Remove(key);
            }

            if (meta.Count == 0)
            {
                result.Meta = null;
            }
        }

        return result;
    }

    /// <summary>A connection for work that is not a client's call (catalog fetches, subscriptions): any open one.</summary>
    private async ValueTask<UpstreamConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<UpstreamConnection> starting;
            lock (_gate)
            {
                if (_connections.Where(c => !c.IsClosed).MinBy(c => c.InFlightCount) is { } open)
                {
                    return open;
                }

                starting = StartLocked();
            }

            await starting.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Picks a connection for a client's call and registers the call on it in one step, so that two sessions
    /// arriving together do not both take the same idle connection: log messages and server-to-client requests
    /// can only be attributed on a connection that serves one session at a time.
    /// </summary>
    private async ValueTask<(UpstreamConnection Connection, InFlightCall Call)> AcquireForCallAsync(MessageContext request, JsonObject? meta, CancellationToken cancellationToken)
    {
        var sessionKey = UpstreamConnection.SessionKeyOf(request);
        var mayGrow = true;
        while (true)
        {
            Task<UpstreamConnection> starting;
            lock (_gate)
            {
                UpstreamConnection? best = null;
                foreach (var connection in _connections)
                {
                    if (connection.IsClosed || !connection.ServesOnly(sessionKey))
                    {
                        continue;
                    }

                    if (best is null || connection.InFlightCount < best.InFlightCount)
                    {
                        best = connection;
                    }
                }

                // A pool that cannot start a connection now (backing off after a failed start) serves with what is open.
                var canGrow = mayGrow && _connections.Count(c => !c.IsClosed) < _options.MaxConnections && !IsBackingOffLocked();
                if (best is not null && (best.InFlightCount == 0 || !canGrow))
                {
                    return (best, best.Begin(request, meta));
                }

                if (!canGrow && _connections.Where(c => !c.IsClosed).MinBy(c => c.InFlightCount) is { } shared)
                {
                    // Every connection serves other sessions too: share the least busy one. Its log messages and
                    // server-to-client requests cannot be attributed while it is shared, so they are refused.
                    return (shared, shared.Begin(request, meta));
                }

                starting = StartLocked();
            }

            // Once started, choose again: another session may have taken the new connection meanwhile.
            try
            {
                await starting.WaitAsync(cancellationToken);
            }
            catch (SourceUnavailableException) when (mayGrow && HasOpenConnection())
            {
                // The pool could not grow, but a connection is open: share it rather than fail the call.
                mayGrow = false;
            }
        }
    }

    private bool HasOpenConnection()
    {
        lock (_gate)
        {
            return _connections.Exists(c => !c.IsClosed);
        }
    }

    /// <summary>Whether a start failed recently and the next one must wait. Call with <see cref="_gate"/> held.</summary>
    private bool IsBackingOffLocked() =>
        _starting is null && _consecutiveFailures > 0 && _options.TimeProvider.GetTimestamp() < _retryNotBefore;

    /// <summary>Starts a connection, or joins the start under way. Call with <see cref="_gate"/> held.</summary>
    private Task<UpstreamConnection> StartLocked()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var retryIn = _options.TimeProvider.GetElapsedTime(_options.TimeProvider.GetTimestamp(), _retryNotBefore);
        if (IsBackingOffLocked())
        {
            throw new SourceUnavailableException(
                $"'{_options.Name}' failed to start ({_lastStartError}); retrying in {Math.Ceiling(retryIn.TotalSeconds):0} s.");
        }

        return _starting ??= StartConnectionAsync();
    }

    private async Task<UpstreamConnection> StartConnectionAsync()
    {
        await Task.Yield();
        var connection = new UpstreamConnection(_options.TimeProvider);
        lock (_gate)
        {
            if (!_connections.Exists(c => !c.IsClosed))
            {
                // Growing a pool that already serves is not "starting": the source is ready all along.
                SetStateLocked(new SourceState(SourceStatus.Starting));
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            var transport = new UpstreamTransport(await _options.CreateTransport(timeout.Token), connection.Intercept);
            var client = await McpClient.CreateAsync(transport, CreateClientOptions(connection), _options.LoggerFactory, timeout.Token);
            connection.Attach(client);
            if (client.ServerCapabilities.Logging is not null)
            {
                try
                {
                    // Ask for everything; what reaches a client is filtered by the level that client chose.
                    await client.SetLoggingLevelAsync(LoggingLevel.Debug, cancellationToken: timeout.Token);
                }
                catch (McpProtocolException)
                {
                    // A server that declares logging but refuses the level still serves its tools.
                }
            }

            if (client.ServerCapabilities.Resources?.Subscribe == true)
            {
                foreach (var uri in _subscriptions.Keys)
                {
                    try
                    {
                        await client.SubscribeToResourceAsync(uri, cancellationToken: timeout.Token);
                    }
                    catch (McpProtocolException ex)
                    {
                        // The upstream refuses this one now: drop it rather than fail the connection, and every
                        // tool of the source with it.
                        _subscriptions.TryRemove(uri, out _);
                        Report(SourceEventLevel.Warning, $"'{_options.Name}' refused the subscription to {uri}: {Mask(ex.Message)}");
                    }
                }
            }

            connection.Monitor = MonitorAsync(connection);
            lock (_gate)
            {
                _connections = [.. _connections, connection];
                _starting = null;
                _consecutiveFailures = 0;
                SetStateLocked(SourceState.Ready);
            }

            Report(SourceEventLevel.Info, $"'{_options.Name}' connected ({client.ServerInfo?.Name} {client.ServerInfo?.Version}).");
            return connection;
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync();
            var reason = ex is OperationCanceledException && !_disposed.IsCancellationRequested
                ? $"did not start within {_options.ConnectTimeout.TotalSeconds:0} s"
                : Mask(ex.Message);
            lock (_gate)
            {
                _starting = null;
                _consecutiveFailures++;
                var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, _consecutiveFailures - 1), _options.MaxRestartDelay.TotalSeconds));
                _retryNotBefore = _options.TimeProvider.GetTimestamp() + (long)(delay.TotalSeconds * _options.TimeProvider.TimestampFrequency);
                _lastStartError = reason;
                if (!_connections.Exists(c => !c.IsClosed))
                {
                    SetStateLocked(new SourceState(SourceStatus.Failed, reason));
                }
            }

            Report(SourceEventLevel.Error, $"'{_options.Name}' failed to start: {reason}");

            // Neither the exception nor an inner one: the transport's message may quote the upstream's stderr.
            Log.StartFailed(_logger, _options.Name, ex.GetType().Name, reason);
            throw new SourceUnavailableException($"'{_options.Name}' failed to start: {reason}");
        }
    }

    private McpClientOptions CreateClientOptions(UpstreamConnection connection) => new()
    {
        ClientInfo = new Implementation { Name = "mcp-bridge-gateway", Version = typeof(ClientSource).Assembly.GetName().Version?.ToString(3) ?? "0.1.0" },
        ProtocolVersion = _options.ProtocolVersion,
        Capabilities = new ClientCapabilities
        {
            Sampling = new SamplingCapability(),
            Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() },
        },
        Handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, ct) => ForwardSamplingAsync(connection, request, ct),
            ElicitationHandler = (request, ct) => ForwardElicitationAsync(connection, request, ct),
            // Progress and log notifications never get here: UpstreamConnection.Intercept forwards them in order.
            NotificationHandlers =
            [
                new(NotificationMethods.ToolListChangedNotification, (_, _) => OnListChanged(SourceChangeKind.ToolsChanged)),
                new(NotificationMethods.ResourceListChangedNotification, (_, _) => OnListChanged(SourceChangeKind.ResourcesChanged)),
                new(NotificationMethods.PromptListChangedNotification, (_, _) => OnListChanged(SourceChangeKind.PromptsChanged)),
                new(NotificationMethods.ResourceUpdatedNotification, (n, _) => OnResourceUpdated(n)),
            ],
        },
    };

    private async ValueTask<CreateMessageResult> ForwardSamplingAsync(UpstreamConnection connection, CreateMessageRequestParams? request, CancellationToken cancellationToken)
    {
        var call = Attribute(connection, "sampling");
        if (call.Server.ClientCapabilities?.Sampling is null)
        {
            throw new McpProtocolException("The client connected to this server does not support sampling.", McpErrorCode.InvalidRequest);
        }

        return await call.Server.SampleAsync(request!, cancellationToken);
    }

    private async ValueTask<ElicitResult> ForwardElicitationAsync(UpstreamConnection connection, ElicitRequestParams? request, CancellationToken cancellationToken)
    {
        var call = Attribute(connection, "elicitation");
        if (call.Server.ClientCapabilities?.Elicitation is null)
        {
            throw new McpProtocolException("The client connected to this server does not support elicitation.", McpErrorCode.InvalidRequest);
        }

        return await call.Server.ElicitAsync(request!, cancellationToken);
    }

    private static InFlightCall Attribute(UpstreamConnection connection, string what)
    {
        if (!connection.TryAttribute(out var call))
        {
            throw new McpProtocolException(
                $"The gateway cannot tell which client request this {what} request belongs to (no single client has a call in flight).",
                McpErrorCode.InvalidRequest);
        }

        return call;
    }

    private ValueTask OnListChanged(SourceChangeKind kind)
    {
        _catalogStale = true;
        Changed?.Invoke(new SourceChange(kind));
        return ValueTask.CompletedTask;
    }

    private ValueTask OnResourceUpdated(JsonRpcNotification notification)
    {
        if ((notification.Params as JsonObject)?["uri"] is JsonValue value && value.TryGetValue(out string? uri))
        {
            Changed?.Invoke(new SourceChange(SourceChangeKind.ResourceUpdated, uri));
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<SourceCatalog> FetchCatalogAsync(McpClient client, CancellationToken cancellationToken)
    {
        var capabilities = client.ServerCapabilities;
        var tools = new List<Tool>();
        var resources = new List<Resource>();
        var templates = new List<ResourceTemplate>();
        var prompts = new List<Prompt>();

        if (capabilities.Tools is not null)
        {
            string? cursor = null;
            do
            {
                var page = await client.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, cancellationToken);
                tools.AddRange(page.Tools);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        if (capabilities.Resources is not null)
        {
            string? cursor = null;
            do
            {
                var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, cancellationToken);
                resources.AddRange(page.Resources);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            cursor = null;
            do
            {
                var page = await client.ListResourceTemplatesAsync(new ListResourceTemplatesRequestParams { Cursor = cursor }, cancellationToken);
                templates.AddRange(page.ResourceTemplates);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        if (capabilities.Prompts is not null)
        {
            string? cursor = null;
            do
            {
                var page = await client.ListPromptsAsync(new ListPromptsRequestParams { Cursor = cursor }, cancellationToken);
                prompts.AddRange(page.Prompts);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        return new SourceCatalog(tools, resources, templates, prompts);
    }

    private async Task MonitorAsync(UpstreamConnection connection)
    {
        string how;
        try
        {
            var details = await connection.Client.Completion;
            how = details.Exception is { } ex ? $"closed: {Mask(ex.Message)}" : "closed";
        }
        catch (Exception ex)
        {
            how = $"closed: {Mask(ex.Message)}";
        }

        connection.MarkClosed();
        bool removed;
        lock (_gate)
        {
            removed = _connections.Contains(connection);
            _connections = _connections.Where(c => c != connection).ToList();
            if (removed && _connections.Count == 0 && _starting is null)
            {
                SetStateLocked(SourceState.Idle);
            }
        }

        if (removed && !_disposed.IsCancellationRequested)
        {
            Report(SourceEventLevel.Warning, $"'{_options.Name}' connection {how}; it restarts on the next request.");
        }
    }

    private async Task ReapIdleConnectionsAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_options.IdleTimeout.Ticks / 2, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ReapIdleConnectionsOnceAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the connections idle for longer than <see cref="ClientSourceOptions.IdleTimeout"/>.</summary>
    internal async Task ReapIdleConnectionsOnceAsync()
    {
        if (!_subscriptions.IsEmpty)
        {
            // Resource updates arrive on open connections only: a subscribed source stays connected.
            return;
        }

        List<UpstreamConnection> idle;
        lock (_gate)
        {
            idle = _connections.Where(c => c.InFlightCount == 0 && c.IdleFor >= _options.IdleTimeout).ToList();
            _connections = _connections.Except(idle).ToList();
            if (_connections.Count == 0 && idle.Count > 0 && _starting is null)
            {
                SetStateLocked(SourceState.Idle);
            }
        }

        foreach (var connection in idle)
        {
            Report(SourceEventLevel.Info, $"'{_options.Name}' stopped after {_options.IdleTimeout.TotalMinutes:0.#} min without calls.");
            await connection.DisposeAsync();
        }
    }

    /// <summary>Call with <see cref="_gate"/> held, so transitions happen in the order the pool changed.</summary>
    private void SetStateLocked(SourceState state) => _state = new StrongBox<SourceState>(state);

    private void Report(SourceEventLevel level, string message) => _options.Events?.Report(level, message);

    private string Mask(string text)
    {
        foreach (var secret in _options.Secrets)
        {
            if (secret.Length >= 4)
            {
                text = text.Replace(secret, "********", StringComparison.Ordinal);
            }
        }

        return text;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        List<UpstreamConnection> connections;
        Task<UpstreamConnection>? starting;
        lock (_gate)
        {
            connections = _connections;
            _connections = [];
            starting = _starting;
        }

        if (starting is not null)
        {
            try
            {
                connections.Add(await starting);
            }
            catch (Exception ex) when (ex is SourceUnavailableException or OperationCanceledException)
            {
            }
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await _reaper;
        _disposed.Dispose();
        _catalogLock.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Source {Name} failed to start ({ExceptionType}): {Reason}")]
        public static partial void StartFailed(ILogger logger, string name, string exceptionType, string reason);
    }
}
