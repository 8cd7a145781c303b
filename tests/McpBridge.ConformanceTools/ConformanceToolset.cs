using McpBridge.Mcp.Sources;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.ConformanceTools;

/// <summary>
/// The tools, resources, prompts and completions that the MCP conformance suite
/// (<c>@modelcontextprotocol/conformance</c> 0.1.16, server mode) calls by name. Test-only: the same set is
/// served in-process (<see cref="CreateSource"/>), over stdio and over HTTP by this project's executable, so a
/// gateway can be checked against each kind of source with one suite.
/// </summary>
public static partial class ConformanceToolset
{
    /// <summary>The conformance tools.</summary>
    public static IReadOnlyList<McpServerTool> Tools { get; } = CreateTools();

    /// <summary>The conformance resources and the resource template <c>test://template/{id}/data</c>.</summary>
    public static IReadOnlyList<McpServerResource> Resources { get; } = CreateResources();

    /// <summary>The conformance prompts.</summary>
    public static IReadOnlyList<McpServerPrompt> Prompts { get; } = CreatePrompts();

    /// <summary>
    /// Extra tools for the gateway's own tests of process sources (<c>diag_pid</c>, <c>diag_crash</c>,
    /// <c>diag_chatty</c>); not part of the suite. The executable serves them with <c>--diagnostics</c>.
    /// <c>diag_crash</c> ends the process, so never serve these in-process.
    /// </summary>
    public static IReadOnlyList<McpServerTool> DiagnosticTools { get; } = DiagnosticToolset.Create();

    /// <summary>The conformance set as an in-process source of a composite server.</summary>
    public static InProcessSource CreateSource() => new(Tools, Resources, Prompts, CompleteAsync);

    /// <summary>Options for a plain MCP server (stdio) serving the conformance set.</summary>
    public static McpServerOptions CreateServerOptions(bool includeDiagnostics = false)
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in includeDiagnostics ? [.. Tools, .. DiagnosticTools] : Tools)
        {
            tools.Add(tool);
        }

        var resources = new McpServerResourceCollection();
        foreach (var resource in Resources)
        {
            resources.Add(resource);
        }

        var prompts = new McpServerPrimitiveCollection<McpServerPrompt>();
        foreach (var prompt in Prompts)
        {
            prompts.Add(prompt);
        }

        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "mcp-bridge-conformance-tools", Version = "1.0.0" },
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = true },
                Resources = new ResourcesCapability { Subscribe = true, ListChanged = true },
                Prompts = new PromptsCapability { ListChanged = true },
                Logging = new LoggingCapability(),
                Completions = new CompletionsCapability(),
            },
            ToolCollection = tools,
            ResourceCollection = resources,
            PromptCollection = prompts,
            Handlers = new McpServerHandlers
            {
                CompleteHandler = CompleteAsync,
                // Subscriptions are accepted; the watched resource never changes on its own.
                SubscribeToResourcesHandler = static (_, _) => new ValueTask<EmptyResult>(new EmptyResult()),
                UnsubscribeFromResourcesHandler = static (_, _) => new ValueTask<EmptyResult>(new EmptyResult()),
            },
        };
    }

    /// <summary>Completes <c>arg1</c>/<c>arg2</c> of <c>test_prompt_with_arguments</c>; anything else gets no values.</summary>
    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        string[] candidates = request.Params switch
        {
            { Ref: PromptReference { Name: "test_prompt_with_arguments" }, Argument.Name: "arg1" } => ["paris", "park", "party"],
            { Ref: PromptReference { Name: "test_prompt_with_arguments" }, Argument.Name: "arg2" } => ["red", "green", "blue"],
            _ => [],
        };
        var prefix = request.Params?.Argument.Value ?? string.Empty;
        var values = candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return new(new CompleteResult { Completion = new Completion { Values = values, Total = values.Count, HasMore = false } });
    }
}
