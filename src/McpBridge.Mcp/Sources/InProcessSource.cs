using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Sources;

/// <summary>
/// A source whose tools, resources and prompts run in this process (the built-in connectors). Each primitive
/// is invoked with the client's request context, so it reports progress, logs, samples and elicits directly.
/// </summary>
public sealed class InProcessSource : IMcpSource
{
    private readonly Dictionary<string, McpServerTool> _tools;
    private readonly Dictionary<string, McpServerResource> _resources;
    private readonly McpServerResource[] _templates;
    private readonly Dictionary<string, McpServerPrompt> _prompts;
    private readonly Func<RequestContext<CompleteRequestParams>, CancellationToken, ValueTask<CompleteResult>>? _complete;
    private readonly Func<ValueTask>? _dispose;
    private readonly SourceCatalog _catalog;

    public InProcessSource(
        IEnumerable<McpServerTool> tools,
        IEnumerable<McpServerResource>? resources = null,
        IEnumerable<McpServerPrompt>? prompts = null,
        Func<RequestContext<CompleteRequestParams>, CancellationToken, ValueTask<CompleteResult>>? complete = null,
        Func<ValueTask>? dispose = null)
    {
        _tools = tools.ToDictionary(t => t.ProtocolTool.Name, StringComparer.Ordinal);
        var allResources = (resources ?? []).ToArray();
        _resources = allResources.Where(r => !r.IsTemplated).ToDictionary(r => r.ProtocolResource!.Uri, StringComparer.Ordinal);
        _templates = allResources.Where(r => r.IsTemplated).ToArray();
        _prompts = (prompts ?? []).ToDictionary(p => p.ProtocolPrompt.Name, StringComparer.Ordinal);
        _complete = complete;
        _dispose = dispose;
        _catalog = new SourceCatalog(
            _tools.Values.Select(t => t.ProtocolTool).ToArray(),
            _resources.Values.Select(r => r.ProtocolResource!).ToArray(),
            _templates.Select(r => r.ProtocolResourceTemplate).ToArray(),
            _prompts.Values.Select(p => p.ProtocolPrompt).ToArray());
    }

    public SourceCatalog? LastKnownCatalog => _catalog;

    public SourceState State => SourceState.Ready;

    public event Action<SourceChange>? Changed;

    public ValueTask<SourceCatalog> GetCatalogAsync(CancellationToken cancellationToken) => new(_catalog);

    public ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        if (!_tools.TryGetValue(request.Params!.Name, out var tool))
        {
            throw new McpProtocolException($"Unknown tool: '{request.Params.Name}'", McpErrorCode.InvalidParams);
        }

        request.MatchedPrimitive = tool;
        return tool.InvokeAsync(request, cancellationToken);
    }

    public ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params!.Uri;
        if (!_resources.TryGetValue(uri, out var resource))
        {
            resource = Array.Find(_templates, t => t.IsMatch(uri));
        }

        if (resource is null)
        {
            throw new McpProtocolException($"Resource not found: '{uri}'", McpErrorCode.ResourceNotFound);
        }

        request.MatchedPrimitive = resource;
        return resource.ReadAsync(request, cancellationToken);
    }

    public ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        if (!_prompts.TryGetValue(request.Params!.Name, out var prompt))
        {
            throw new McpProtocolException($"Unknown prompt: '{request.Params.Name}'", McpErrorCode.InvalidParams);
        }

        request.MatchedPrimitive = prompt;
        return prompt.GetAsync(request, cancellationToken);
    }

    public ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken) =>
        _complete is null ? new(new CompleteResult { Completion = new Completion { Values = [] } }) : _complete(request, cancellationToken);

    public ValueTask SubscribeAsync(string uri, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask UnsubscribeAsync(string uri, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Tells subscribed clients that a resource of this source changed.</summary>
    public void NotifyResourceUpdated(string uri) => Changed?.Invoke(new SourceChange(SourceChangeKind.ResourceUpdated, uri));

    public ValueTask DisposeAsync() => _dispose?.Invoke() ?? ValueTask.CompletedTask;
}
