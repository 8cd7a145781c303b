using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Sources;

/// <summary>
/// Where a composite server's tools, resources and prompts come from: an in-process connector, a stdio
/// child process, a remote MCP endpoint or a tunnel. Requests arrive with the client's own
/// <see cref="RequestContext{TParams}"/> (names already mapped back to the source's own), so a source can
/// report progress, log, sample and elicit on the client's behalf.
/// </summary>
public interface IMcpSource : IAsyncDisposable
{
    /// <summary>The catalog as last fetched, or <see langword="null"/> before the first successful fetch.</summary>
    SourceCatalog? LastKnownCatalog { get; }

    /// <summary>Whether the source is serving, starting or failing.</summary>
    SourceState State { get; }

    /// <summary>Raised when the source's lists change or a subscribed resource is updated.</summary>
    event Action<SourceChange>? Changed;

    /// <summary>Returns the catalog, fetching it when it is not known yet.</summary>
    ValueTask<SourceCatalog> GetCatalogAsync(CancellationToken cancellationToken);

    ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);

    ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken);

    ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken);

    ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken);

    ValueTask SubscribeAsync(string uri, CancellationToken cancellationToken);

    ValueTask UnsubscribeAsync(string uri, CancellationToken cancellationToken);
}
