namespace McpBridge.TestSupport.Interop;

/// <summary>One non-interactive Inspector CLI request, e.g. <c>tools/list</c> or <c>tools/call</c>.</summary>
public sealed class InspectorRequest
{
    /// <summary><c>tools/list</c>, <c>tools/call</c>, <c>resources/read</c>, <c>prompts/get</c>...</summary>
    public required string Method { get; init; }

    /// <summary><c>http</c> or <c>sse</c> for URL targets; when null the CLI picks from the URL (<c>/mcp</c> or <c>/sse</c>).</summary>
    public string? Transport { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? ToolName { get; init; }

    /// <summary>Tool arguments, sent as <c>--tool-arg key=value</c>.</summary>
    public IReadOnlyDictionary<string, string> ToolArguments { get; init; } = new Dictionary<string, string>();

    public string? ResourceUri { get; init; }

    public string? PromptName { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    internal IEnumerable<string> ToArguments()
    {
        yield return "--method";
        yield return Method;
        if (Transport is not null)
        {
            yield return "--transport";
            yield return Transport;
        }

        foreach (var (name, value) in Headers)
        {
            yield return "--header";
            yield return $"{name}: {value}";
        }

        if (ToolName is not null)
        {
            yield return "--tool-name";
            yield return ToolName;
        }

        foreach (var (name, value) in ToolArguments)
        {
            yield return "--tool-arg";
            yield return $"{name}={value}";
        }

        if (ResourceUri is not null)
        {
            yield return "--uri";
            yield return ResourceUri;
        }

        if (PromptName is not null)
        {
            yield return "--prompt-name";
            yield return PromptName;
        }
    }
}
