using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using McpBridge.Mcp.Http;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Composite;

/// <summary>
/// A live composite MCP server: the sources of its current <see cref="CompositeSnapshot"/> merged into one
/// tools/resources/prompts surface, with each request routed to its source. Deploying swaps the snapshot
/// atomically; open sessions are told their lists changed. A failing source only loses its own tools.
/// </summary>
public sealed partial class CompositeServer : IMcpTarget
{
    /// <summary>The name calls to tools that do not exist are metered under.</summary>
    public const string UnknownToolName = "(unknown tool)";

    private static readonly TimeSpan s_catalogWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_catalogRetryInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_failureReportInterval = TimeSpan.FromMinutes(1);

    // How long one notification to one client may take before that client is skipped.
    private static readonly TimeSpan s_notificationTimeout = TimeSpan.FromSeconds(10);
    private const long RefreshRunning = -1;

    private static readonly string[] s_allListsChanged =
        [NotificationMethods.ToolListChangedNotification, NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification];

    private readonly ICompositeObserver? _observer;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, McpServer> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Message, long At)> _lastFailure = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SubscriptionReference> _subscriptionReferences = new(StringComparer.Ordinal);

    // Per failed source: when its last background catalog fetch ended (RefreshRunning while one runs).
    private readonly ConcurrentDictionary<IMcpSource, long> _catalogRefreshes = new(ReferenceEqualityComparer.Instance);
    private CompositeSnapshot _snapshot;
    private MergedCatalog? _merged;
    private StrongBox<(CompositeSnapshot Snapshot, McpServerOptions Options)>? _serverOptions;
    private int _catalogGeneration;

    public CompositeServer(string id, CompositeSnapshot snapshot, ICompositeObserver? observer = null, ILoggerFactory? loggerFactory = null)
    {
        Id = id;
        _snapshot = snapshot;
        _observer = observer;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CompositeServer>();
        Subscribe(snapshot);
    }

    public string Id { get; }

    public CompositeSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Sessionful clients connected now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Makes <paramref name="next"/> the live snapshot and starts telling connected clients that their lists
    /// changed; it does not wait for them, so a deploy takes no longer with many (or stalled) clients. Returns the
    /// previous snapshot; the caller disposes the sources the new one no longer uses. Throws only when
    /// <paramref name="cancellationToken"/> is cancelled before the swap: once the new snapshot is live, it returns.
    /// </summary>
    public Task<CompositeSnapshot> SwapAsync(CompositeSnapshot next, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var previous = Interlocked.Exchange(ref _snapshot, next);
        Unsubscribe(previous);
        Subscribe(next);
        foreach (var retired in previous.Sources.Where(s => !next.Sources.Any(n => ReferenceEquals(n.Source, s.Source))))
        {
            _catalogRefreshes.TryRemove(retired.Source, out _);
        }

        _ = BroadcastAsync(s_allListsChanged);
        _ = MoveSubscriptionsAsync(next);
        return Task.FromResult(previous);
    }

    /// <summary>Fetches every source's catalog (waiting up to <paramref name="wait"/>) and reports how each is doing.</summary>
    public async Task<IReadOnlyList<(CompositeSource Source, SourceState State, int ToolCount)>> ProbeSourcesAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var snapshot = Snapshot;
        var results = await Task.WhenAll(snapshot.Sources.Select(async source =>
        {
            try
            {
                var catalog = await source.Source.GetCatalogAsync(cancellationToken).AsTask().WaitAsync(wait, cancellationToken);
                return (source, source.Source.State, catalog.Tools.Count);
            }
            catch (TimeoutException)
            {
                return (source, new SourceState(SourceStatus.Starting, $"not ready after {wait.TotalSeconds:0} s"), 0);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                ReportFailure(source, ex);
                return (source, new SourceState(SourceStatus.Failed, SafeMessage(ex)), 0);
            }
        }));
        return results;
    }

    /// <summary>The merged tool names clients see now.</summary>
    public async Task<IReadOnlyList<string>> ListToolNamesAsync(CancellationToken cancellationToken) =>
        (await GetMergedAsync(cancellationToken)).Tools.Select(t => t.Name).ToArray();

    public McpServerOptions CreateServerOptions(bool stateless)
    {
        // The SDK only reads these options, and stateless requests make a server per request: build them once per
        // snapshot rather than once per request.
        var snapshot = Snapshot;
        var cached = Volatile.Read(ref _serverOptions);
        if (cached is not null && ReferenceEquals(cached.Value.Snapshot, snapshot))
        {
            return cached.Value.Options;
        }

        var options = BuildServerOptions(snapshot);
        Volatile.Write(ref _serverOptions, new StrongBox<(CompositeSnapshot, McpServerOptions)>((snapshot, options)));
        return options;
    }

    private McpServerOptions BuildServerOptions(CompositeSnapshot snapshot) =>
        new()
        {
            ServerInfo = new Implementation { Name = snapshot.ServerName, Version = snapshot.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ServerInstructions = snapshot.Instructions,
            ScopeRequests = false,
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = true },
                Resources = new ResourcesCapability { ListChanged = true, Subscribe = true },
                Prompts = new PromptsCapability { ListChanged = true },
                Logging = new LoggingCapability(),
                Completions = new CompletionsCapability(),
            },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = ListToolsAsync,
                CallToolHandler = CallToolAsync,
                ListResourcesHandler = ListResourcesAsync,
                ListResourceTemplatesHandler = ListResourceTemplatesAsync,
                ReadResourceHandler = ReadResourceAsync,
                ListPromptsHandler = ListPromptsAsync,
                GetPromptHandler = GetPromptAsync,
                CompleteHandler = CompleteAsync,
                SubscribeToResourcesHandler = SubscribeAsync,
                SubscriptionsListenHandler = ListenAsync,
                UnsubscribeFromResourcesHandler = UnsubscribeAsync,
                SetLoggingLevelHandler = static (_, _) => new ValueTask<EmptyResult>(new EmptyResult()),
            },
        };

    public void OnSessionStarted(string sessionId, McpServer server) => _sessions[sessionId] = server;

    public void OnSessionEnded(string sessionId)
    {
        _sessions.TryRemove(sessionId, out _);
        if (_subscriptions.TryRemove(sessionId, out var uris))
        {
            foreach (var uri in uris.Keys)
            {
                ReleaseSubscription(uri);
            }
        }
    }

    private async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken) =>
        new() { Tools = (await GetMergedAsync(cancellationToken)).Tools };

    private async ValueTask<ListPromptsResult> ListPromptsAsync(RequestContext<ListPromptsRequestParams> request, CancellationToken cancellationToken) =>
        new() { Prompts = (await GetMergedAsync(cancellationToken)).Prompts };

    private async ValueTask<ListResourcesResult> ListResourcesAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken) =>
        new() { Resources = (await GetMergedAsync(cancellationToken)).Resources };

    private async ValueTask<ListResourceTemplatesResult> ListResourceTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken cancellationToken) =>
        new() { ResourceTemplates = (await GetMergedAsync(cancellationToken)).ResourceTemplates };

    private async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = request.Params?.Name ?? string.Empty;
        var merged = await GetMergedAsync(cancellationToken);
        if (!merged.TryGetTool(name, out var route))
        {
            // Metered under one name: names a client makes up must not each become a usage row.
            Record(RequestMethods.ToolsCall, UnknownToolName, started, true, $"unknown tool '{(name.Length > 100 ? name[..100] : name)}'");
            throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
        }

        var source = merged.Snapshot.Sources[route.Source];
        var forwarded = route.Renamed ? WithParams(request, CopyWithName(request.Params!, route.OriginalName)) : request;
        CallToolResult result;
        try
        {
            result = await source.Source.CallToolAsync(forwarded, cancellationToken);
        }
        catch (McpProtocolException ex)
        {
            Record(RequestMethods.ToolsCall, name, started, true, ex.Message);
            throw;
        }
        catch (InputRequiredException)
        {
            // 2026-07-28: the tool needs the client's input (sampling, elicitation) first; the SDK turns this into an
            // input_required result and the client calls again with the answers. Not a failure, not a finished call.
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Record(RequestMethods.ToolsCall, name, started, true, "cancelled");
            throw;
        }
        catch (McpException ex) when (ex is not McpProtocolException)
        {
            // A tool's own error, written for the user (the SDK's convention): the tool failed, not its source.
            Record(RequestMethods.ToolsCall, name, started, true, ex.Message);
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = ex.Message }] };
        }
        catch (Exception ex)
        {
            ReportFailure(source, ex);
            var message = SafeMessage(ex);
            Record(RequestMethods.ToolsCall, name, started, true, message);
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"Tool '{name}' failed: {message}" }] };
        }

        var isError = result.IsError == true;
        Record(RequestMethods.ToolsCall, name, started, isError, isError ? FirstText(result) : null);
        return result;
    }

    private async ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var uri = request.Params?.Uri ?? string.Empty;
        var merged = await GetMergedAsync(cancellationToken);
        if (merged.FindResourceSource(uri) is not { } index)
        {
            Record(RequestMethods.ResourcesRead, uri, started, true, "not found");
            throw new McpProtocolException($"Resource not found: '{uri}'", MissingResourceCode(request.Server));
        }

        var source = merged.Snapshot.Sources[index];
        try
        {
            var result = await source.Source.ReadResourceAsync(request, cancellationToken);
            Record(RequestMethods.ResourcesRead, uri, started, false, null);
            return result;
        }
        catch (Exception ex) when (ex is not InputRequiredException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            Record(RequestMethods.ResourcesRead, uri, started, true, SafeMessage(ex));
            throw Translate(source, ex);
        }
    }

    private async ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = request.Params?.Name ?? string.Empty;
        var merged = await GetMergedAsync(cancellationToken);
        if (!merged.TryGetPrompt(name, out var route))
        {
            Record(RequestMethods.PromptsGet, name, started, true, "unknown prompt");
            throw new McpProtocolException($"Unknown prompt: '{name}'", McpErrorCode.InvalidParams);
        }

        var source = merged.Snapshot.Sources[route.Source];
        var forwarded = route.Renamed
            ? WithParams(request, new GetPromptRequestParams { Name = route.OriginalName, Arguments = request.Params!.Arguments, Meta = request.Params.Meta })
            : request;
        try
        {
            var result = await source.Source.GetPromptAsync(forwarded, cancellationToken);
            Record(RequestMethods.PromptsGet, name, started, false, null);
            return result;
        }
        catch (Exception ex) when (ex is not InputRequiredException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            Record(RequestMethods.PromptsGet, name, started, true, SafeMessage(ex));
            throw Translate(source, ex);
        }
    }

    private async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        var merged = await GetMergedAsync(cancellationToken);
        var reference = request.Params?.Ref;
        int? index = null;
        var forwarded = request;
        switch (reference)
        {
            case PromptReference prompt when merged.TryGetPrompt(prompt.Name, out var route):
                index = route.Source;
                if (route.Renamed)
                {
                    forwarded = WithParams(request, new CompleteRequestParams
                    {
                        Ref = new PromptReference { Name = route.OriginalName, Title = prompt.Title },
                        Argument = request.Params!.Argument,
                        Context = request.Params.Context,
                        Meta = request.Params.Meta,
                    });
                }

                break;
            case ResourceTemplateReference resource:
                index = resource.Uri is null ? null : merged.FindTemplateSource(resource.Uri) ?? merged.FindResourceSource(resource.Uri);
                break;
        }

        if (index is not { } i)
        {
            return new CompleteResult { Completion = new Completion { Values = [] } };
        }

        var source = merged.Snapshot.Sources[i];
        try
        {
            return await source.Source.CompleteAsync(forwarded, cancellationToken);
        }
        catch (Exception ex) when (ex is not InputRequiredException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            throw Translate(source, ex);
        }
    }

    private async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri ?? throw new McpProtocolException("'uri' is required.", McpErrorCode.InvalidParams);
        var sessionKey = request.Server.SessionId;
        if (sessionKey is null)
        {
            // A stateless request has no session to send updates to.
            return new EmptyResult();
        }

        var uris = _subscriptions.GetOrAdd(sessionKey, static _ => new(StringComparer.Ordinal));
        if (uris.TryAdd(uri, 0))
        {
            var acquired = false;
            try
            {
                acquired = await AcquireSubscriptionAsync(uri, cancellationToken);
            }
            finally
            {
                if (!acquired)
                {
                    // Not counted: the session's end must not release a reference it never took.
                    uris.TryRemove(uri, out _);
                }
            }
        }

        return new EmptyResult();
    }

    /// <summary>Counts one more subscriber of <paramref name="uri"/>; the first one subscribes its source. False when no source offers it.</summary>
    private async Task<bool> AcquireSubscriptionAsync(string uri, CancellationToken cancellationToken)
    {
        var merged = await GetMergedAsync(cancellationToken);
        if (merged.FindResourceSource(uri) is not { } index)
        {
            return false;
        }

        var source = merged.Snapshot.Sources[index];
        bool first;
        lock (_subscriptionReferences)
        {
            // The source is remembered with the count: the one subscribed is the one unsubscribed later, whatever
            // the merge (or the snapshot) says by then.
            first = !_subscriptionReferences.TryGetValue(uri, out var reference);
            if (first)
            {
                _subscriptionReferences[uri] = new SubscriptionReference { Count = 1, Source = source };
            }
            else
            {
                reference!.Count++;
            }
        }

        if (first)
        {
            await SubscribeQuietlyAsync(source, uri, cancellationToken);
        }

        return true;
    }

    /// <summary>Subscribes upstream; never throws, so that a reference once counted is always released.</summary>
    private async Task SubscribeQuietlyAsync(CompositeSource source, string uri, CancellationToken cancellationToken)
    {
        try
        {
            await source.Source.SubscribeAsync(uri, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            ReportFailure(source, ex);
        }
    }

    private ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri ?? throw new McpProtocolException("'uri' is required.", McpErrorCode.InvalidParams);
        if (request.Server.SessionId is { } sessionKey && _subscriptions.TryGetValue(sessionKey, out var uris) && uris.TryRemove(uri, out _))
        {
            ReleaseSubscription(uri);
        }

        return new ValueTask<EmptyResult>(new EmptyResult());
    }

    private void ReleaseSubscription(string uri)
    {
        CompositeSource? source;
        lock (_subscriptionReferences)
        {
            if (!_subscriptionReferences.TryGetValue(uri, out var reference) || --reference.Count > 0)
            {
                return;
            }

            _subscriptionReferences.TryRemove(uri, out _);
            source = reference.Source;
        }

        if (source is not null)
        {
            _ = IgnoreFailuresAsync(source.Source.UnsubscribeAsync(uri, CancellationToken.None));
        }
    }

    /// <summary>
    /// After a swap, subscribes the sources that now serve URIs clients are subscribed to, where the source that
    /// served them is gone (the caller disposes it, which ends its upstream subscriptions).
    /// </summary>
    private async Task MoveSubscriptionsAsync(CompositeSnapshot next)
    {
        try
        {
            if (!_subscriptionReferences.Values.Any(r => !next.Sources.Any(n => ReferenceEquals(n.Source, r.Source?.Source))))
            {
                return;
            }

            var merged = await GetMergedAsync(CancellationToken.None);
            if (!ReferenceEquals(merged.Snapshot, next))
            {
                // Swapped again meanwhile: that swap moves them.
                return;
            }

            foreach (var (uri, reference) in _subscriptionReferences)
            {
                CompositeSource? moved = null;
                lock (_subscriptionReferences)
                {
                    if (reference.Count > 0 && !next.Sources.Any(n => ReferenceEquals(n.Source, reference.Source?.Source)))
                    {
                        moved = merged.FindResourceSource(uri) is { } index ? next.Sources[index] : null;
                        reference.Source = moved;
                    }
                }

                if (moved is not null)
                {
                    await SubscribeQuietlyAsync(moved, uri, CancellationToken.None);
                }
            }
        }
        catch (Exception ex)
        {
            // Best effort, in the background: the subscriptions stay with the sources that had them.
            Log.SubscriptionsNotMoved(_logger, Id, ex.Message);
        }
    }

    private static async Task IgnoreFailuresAsync(ValueTask task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Best effort: the upstream may be gone; nothing is waiting for this.
        }
    }

    /// <summary>
    /// Returns the merged catalog of the live snapshot. It is built again only when a source's catalog changed:
    /// the catalogs of sources not failing are fetched (waiting up to <see cref="s_catalogWait"/> for each); a failing
    /// source contributes what it offered last (or nothing) and is tried again in the background, so that no request
    /// waits for a source that is down.
    /// </summary>
    internal async ValueTask<MergedCatalog> GetMergedAsync(CancellationToken cancellationToken)
    {
        var snapshot = Snapshot;
        var merged = Volatile.Read(ref _merged);
        if (merged is not null && merged.IsCurrentFor(snapshot))
        {
            RetryMissingSources(merged);
            return merged;
        }

        var generation = Volatile.Read(ref _catalogGeneration);

        var sources = snapshot.Sources;
        var catalogs = new SourceCatalog?[sources.Count];
        var pending = new List<Task>();
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Source.State.Status == SourceStatus.Failed)
            {
                catalogs[i] = sources[i].Source.LastKnownCatalog;
                RetryInBackground(sources[i]);
            }
            else
            {
                pending.Add(FetchAsync(i));
            }
        }

        await Task.WhenAll(pending);
        merged = MergedCatalog.Build(snapshot, catalogs);
        foreach (var conflict in merged.Conflicts)
        {
            Log.ResourceConflict(_logger, Id, conflict);
        }

        if (ReferenceEquals(Snapshot, snapshot) && generation == Volatile.Read(ref _catalogGeneration))
        {
            Volatile.Write(ref _merged, merged);
        }

        return merged;

        async Task FetchAsync(int i)
        {
            var source = sources[i];
            try
            {
                catalogs[i] = await source.Source.GetCatalogAsync(cancellationToken).AsTask().WaitAsync(s_catalogWait, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Serve what this source offered last time, or nothing; the others carry on.
                catalogs[i] = source.Source.LastKnownCatalog;
                ReportFailure(source, ex);
            }
        }
    }

    /// <summary>Tries again, in the background, the sources that failed or that the merge has nothing from.</summary>
    private void RetryMissingSources(MergedCatalog merged)
    {
        var sources = merged.Snapshot.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (merged.Basis[i] is null || sources[i].Source.State.Status == SourceStatus.Failed)
            {
                RetryInBackground(sources[i]);
            }
        }
    }

    /// <summary>
    /// Fetches a failed source's catalog in the background, one attempt at a time and at most one every
    /// <see cref="s_catalogRetryInterval"/>. When the catalog it gets differs from the one merged, the merge is
    /// stale (see <see cref="MergedCatalog.IsCurrentFor"/>) and clients are told their lists changed.
    /// </summary>
    private void RetryInBackground(CompositeSource source)
    {
        var now = Stopwatch.GetTimestamp();
        if (_catalogRefreshes.TryGetValue(source.Source, out var lastEnded))
        {
            if (lastEnded == RefreshRunning || Stopwatch.GetElapsedTime(lastEnded, now) < s_catalogRetryInterval ||
                !_catalogRefreshes.TryUpdate(source.Source, RefreshRunning, lastEnded))
            {
                return;
            }
        }
        else if (!Snapshot.Sources.Any(s => ReferenceEquals(s.Source, source.Source)) || !_catalogRefreshes.TryAdd(source.Source, RefreshRunning))
        {
            return;
        }

        _ = RetryAsync();

        async Task RetryAsync()
        {
            var before = source.Source.LastKnownCatalog;
            try
            {
                var catalog = await source.Source.GetCatalogAsync(CancellationToken.None).AsTask().WaitAsync(s_catalogWait);
                if (!ReferenceEquals(catalog, before))
                {
                    Log.SourceRecovered(_logger, Id, source.Name);
                    _ = BroadcastAsync(s_allListsChanged);
                }
            }
            catch (Exception ex)
            {
                ReportFailure(source, ex);
            }
            finally
            {
                // Only while the source is live: a retired one is forgotten in SwapAsync.
                _catalogRefreshes.TryUpdate(source.Source, Stopwatch.GetTimestamp(), RefreshRunning);
            }
        }
    }

    private void Subscribe(CompositeSnapshot snapshot)
    {
        foreach (var source in snapshot.Sources)
        {
            source.Source.Changed += OnSourceChanged;
        }
    }

    private void Unsubscribe(CompositeSnapshot snapshot)
    {
        foreach (var source in snapshot.Sources)
        {
            source.Source.Changed -= OnSourceChanged;
        }
    }

    private void OnSourceChanged(SourceChange change)
    {
        if (change.Kind != SourceChangeKind.ResourceUpdated)
        {
            // The source's catalog reference only changes once it is fetched again; forget the merge so it is,
            // and keep a merge that was being built from the old lists from being stored.
            Interlocked.Increment(ref _catalogGeneration);
            Volatile.Write(ref _merged, null);
        }

        switch (change.Kind)
        {
            case SourceChangeKind.ResourceUpdated when change.Uri is { } uri:
                _ = NotifyResourceUpdatedAsync(uri);
                break;
            case SourceChangeKind.ToolsChanged:
                _ = BroadcastAsync([NotificationMethods.ToolListChangedNotification]);
                break;
            case SourceChangeKind.PromptsChanged:
                _ = BroadcastAsync([NotificationMethods.PromptListChangedNotification]);
                break;
            case SourceChangeKind.ResourcesChanged:
                _ = BroadcastAsync([NotificationMethods.ResourceListChangedNotification]);
                break;
        }
    }

    // The notifications below run in the background and never throw: every client is sent to at once, each send
    // bounded by s_notificationTimeout, so a client that stopped reading delays nobody else and nothing piles up.
    private Task NotifyResourceUpdatedAsync(string uri)
    {
        var sends = new List<Task> { NotifyListenersAsync(NotificationMethods.ResourceUpdatedNotification, uri) };
        foreach (var (sessionId, uris) in _subscriptions)
        {
            if (uris.ContainsKey(uri) && _sessions.TryGetValue(sessionId, out var server))
            {
                sends.Add(SendQuietlyAsync(NotificationMethods.ResourceUpdatedNotification, ct =>
                    server.SendNotificationAsync(NotificationMethods.ResourceUpdatedNotification, new ResourceUpdatedNotificationParams { Uri = uri }, cancellationToken: ct)));
            }
        }

        return Task.WhenAll(sends);
    }

    private Task BroadcastAsync(string[] methods)
    {
        var sends = new List<Task>();
        foreach (var method in methods)
        {
            sends.Add(NotifyListenersAsync(method, uri: null));
        }

        foreach (var server in _sessions.Values)
        {
            sends.Add(SendInOrderAsync(server));
        }

        return Task.WhenAll(sends);

        async Task SendInOrderAsync(McpServer server)
        {
            foreach (var method in methods)
            {
                if (!await SendQuietlyAsync(method, ct => server.SendNotificationAsync(method, ct)))
                {
                    // This client is not taking notifications: the rest would wait as long.
                    return;
                }
            }
        }
    }

    /// <summary>Sends one notification to one client, giving up after <see cref="s_notificationTimeout"/>. False when it failed.</summary>
    private async Task<bool> SendQuietlyAsync(string method, Func<CancellationToken, Task> send)
    {
        using var timeout = new CancellationTokenSource(s_notificationTimeout);
        try
        {
            // WaitAsync too: the send may not watch its token while it waits for the client's stream.
            await send(timeout.Token).WaitAsync(timeout.Token);
            return true;
        }
        catch (Exception ex)
        {
            // A session that cannot take a notification (its stream is gone) is reaped by the transport.
            Log.NotificationFailed(_logger, Id, method, ex is OperationCanceledException ? "timed out" : ex.Message);
            return false;
        }
    }

    private void Record(string method, string name, long started, bool isError, string? error) =>
        _observer?.OnCall(new CallRecord(method, name, Stopwatch.GetElapsedTime(started), isError, error));

    private void ReportFailure(CompositeSource source, Exception ex)
    {
        var message = SafeMessage(ex);
        var now = Stopwatch.GetTimestamp();
        var last = _lastFailure.GetValueOrDefault(source.Name);
        if (last.Message == message && Stopwatch.GetElapsedTime(last.At, now) < s_failureReportInterval)
        {
            return;
        }

        _lastFailure[source.Name] = (message, now);
        _observer?.OnSourceEvent(source.Name, SourceEventLevel.Error, $"Source '{source.Name}' ({source.ConnectorId}) failed: {message}");
        if (ex is SourceUnavailableException)
        {
            // Expected, and its message is already masked: no stack trace, and nothing a source chose not to show.
            Log.SourceUnavailable(_logger, Id, source.Name, ex.Message);
        }
        else
        {
            Log.SourceFailed(_logger, Id, source.Name, ex);
        }
    }

    private Exception Translate(CompositeSource source, Exception ex)
    {
        if (ex is McpProtocolException)
        {
            return ex;
        }

        ReportFailure(source, ex);
        return new McpProtocolException($"Source '{source.Name}' failed: {SafeMessage(ex)}", McpErrorCode.InternalError);
    }

    private static string SafeMessage(Exception ex) => ex switch
    {
        SourceUnavailableException or McpException => ex.Message,
        TimeoutException => "timed out",
        _ => "internal error",
    };

    private static McpErrorCode MissingResourceCode(McpServer server) =>
        string.CompareOrdinal(server.NegotiatedProtocolVersion, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound;

    private static string? FirstText(CallToolResult result) =>
        result.Content?.OfType<TextContentBlock>().FirstOrDefault()?.Text is { } text && text.Length > 300 ? text[..300] : result.Content?.OfType<TextContentBlock>().FirstOrDefault()?.Text;

    private static CallToolRequestParams CopyWithName(CallToolRequestParams p, string name) => new()
    {
        Name = name,
        Arguments = p.Arguments,
        Meta = p.Meta,
        InputResponses = p.InputResponses,
        RequestState = p.RequestState,
    };

    private static RequestContext<T> WithParams<T>(RequestContext<T> request, T parameters) => new(request.Server, request.JsonRpcRequest, parameters)
    {
        Services = request.Services,
        User = request.User,
        Items = request.Items,
    };

    /// <summary>How many subscribers a URI has, and the source subscribed for them (guarded by the dictionary's lock).</summary>
    private sealed class SubscriptionReference
    {
        public int Count;
        public CompositeSource? Source;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Server {ServerId}: source {Source} failed")]
        public static partial void SourceFailed(ILogger logger, string serverId, string source, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Server {ServerId}: resource {Uri} is offered by more than one source; the first serves it")]
        public static partial void ResourceConflict(ILogger logger, string serverId, string uri);

        [LoggerMessage(3, LogLevel.Debug, "Server {ServerId}: could not send {Method} to a session: {Reason}")]
        public static partial void NotificationFailed(ILogger logger, string serverId, string method, string reason);

        [LoggerMessage(4, LogLevel.Warning, "Server {ServerId}: source {Source} is unavailable: {Reason}")]
        public static partial void SourceUnavailable(ILogger logger, string serverId, string source, string reason);

        [LoggerMessage(5, LogLevel.Information, "Server {ServerId}: source {Source} answered again; clients are told their lists changed")]
        public static partial void SourceRecovered(ILogger logger, string serverId, string source);

        [LoggerMessage(6, LogLevel.Warning, "Server {ServerId}: could not move resource subscriptions to the new sources: {Reason}")]
        public static partial void SubscriptionsNotMoved(ILogger logger, string serverId, string reason);
    }
}
