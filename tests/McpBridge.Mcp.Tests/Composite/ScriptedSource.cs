using System.Collections.Concurrent;
using System.Text.Json;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.Composite;

/// <summary>
/// A source a test drives: one tool named <c>{name}_tool</c> and one resource, catalog fetches that fail while told
/// to, list changes raised on demand, and a record of what it was asked to subscribe to.
/// </summary>
internal sealed class ScriptedSource(string name, string resourceUri = "test://scripted") : IMcpSource
{
    private readonly SourceCatalog _catalog = new(
        [new Tool { Name = $"{name}_tool", InputSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone() }],
        [new Resource { Uri = resourceUri, Name = "scripted" }],
        [],
        []);

    private readonly ConcurrentQueue<string> _subscribed = new();
    private readonly ConcurrentQueue<string> _unsubscribed = new();
    private readonly SemaphoreSlim _subscriptionChanged = new(0);
    private int _catalogRequests;
    private SourceCatalog? _known;

    /// <summary>How many of the first catalog fetches fail.</summary>
    public int FailingFetches { get; set; }

    public int CatalogRequests => Volatile.Read(ref _catalogRequests);

    public IReadOnlyCollection<string> Subscribed => _subscribed;

    public IReadOnlyCollection<string> Unsubscribed => _unsubscribed;

    public SourceCatalog? LastKnownCatalog => Volatile.Read(ref _known);

    public SourceState State { get; set; } = SourceState.Ready;

    public event Action<SourceChange>? Changed;

    public void Raise(SourceChange change) => Changed?.Invoke(change);

    public ValueTask<SourceCatalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _catalogRequests) <= FailingFetches)
        {
            throw new SourceUnavailableException($"'{name}' is down.");
        }

        Volatile.Write(ref _known, _catalog);
        return new(_catalog);
    }

    public ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        new(new CallToolResult { Content = [new TextContentBlock { Text = $"{request.Params!.Name} called" }] });

    public ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken) =>
        new(new ReadResourceResult { Contents = [new TextResourceContents { Uri = request.Params!.Uri, Text = name }] });

    public ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no prompts");

    public ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken) =>
        new(new CompleteResult { Completion = new Completion { Values = [] } });

    public ValueTask SubscribeAsync(string uri, CancellationToken cancellationToken)
    {
        _subscribed.Enqueue(uri);
        _subscriptionChanged.Release();
        return ValueTask.CompletedTask;
    }

    public ValueTask UnsubscribeAsync(string uri, CancellationToken cancellationToken)
    {
        _unsubscribed.Enqueue(uri);
        _subscriptionChanged.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking it each time a subscription changes.</summary>
    public async Task WaitForSubscriptionsAsync(Func<ScriptedSource, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            await _subscriptionChanged.WaitAsync(cancel.Token);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
