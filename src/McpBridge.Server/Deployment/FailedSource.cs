using McpBridge.Mcp.Sources;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Server.Deployment;

/// <summary>Stands in for a source that could not be created, so the server's other sources keep serving.</summary>
internal sealed class FailedSource(string reason) : IMcpSource
{
    public SourceCatalog? LastKnownCatalog => null;

    public SourceState State { get; } = new(SourceStatus.Failed, reason);

#pragma warning disable CS0067 // A failed source never changes.
    public event Action<SourceChange>? Changed;
#pragma warning restore CS0067

    public ValueTask<SourceCatalog> GetCatalogAsync(CancellationToken cancellationToken) => throw Unavailable();

    public ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) => throw Unavailable();

    public ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken) => throw Unavailable();

    public ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken) => throw Unavailable();

    public ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken) => throw Unavailable();

    public ValueTask SubscribeAsync(string uri, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask UnsubscribeAsync(string uri, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private SourceUnavailableException Unavailable() => new(reason);
}
