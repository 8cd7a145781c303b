using System.Text.Json;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.Composite;

/// <summary>A source with one tool, <c>boom</c>, whose calls throw; optionally its catalog cannot be fetched at all.</summary>
internal sealed class FailingSource(bool catalogFails = false) : IMcpSource
{
    private static readonly SourceCatalog s_catalog = new(
        [new Tool { Name = "boom", Description = "Always fails", InputSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone() }], [], [], []);

    public SourceCatalog? LastKnownCatalog => catalogFails ? null : s_catalog;

    public SourceState State => catalogFails ? new SourceState(SourceStatus.Failed, "cannot start") : SourceState.Ready;

    public event Action<SourceChange>? Changed
    {
        add { }
        remove { }
    }

    public ValueTask<SourceCatalog> GetCatalogAsync(CancellationToken cancellationToken) =>
        catalogFails ? throw new SourceUnavailableException("'failing' cannot start: the executable was not found.") : new(s_catalog);

    public ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("secret connection string leaked in this message");

    public ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no resources");

    public ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no prompts");

    public ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no completions");

    public ValueTask SubscribeAsync(string uri, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask UnsubscribeAsync(string uri, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
