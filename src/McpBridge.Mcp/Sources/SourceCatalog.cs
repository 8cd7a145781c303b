using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Sources;

/// <summary>An immutable view of what a source offers. A new instance is made whenever anything changes.</summary>
public sealed class SourceCatalog
{
    public static SourceCatalog Empty { get; } = new([], [], [], []);

    public SourceCatalog(IReadOnlyList<Tool> tools, IReadOnlyList<Resource> resources, IReadOnlyList<ResourceTemplate> resourceTemplates, IReadOnlyList<Prompt> prompts)
    {
        Tools = tools;
        Resources = resources;
        ResourceTemplates = resourceTemplates;
        Prompts = prompts;
    }

    public IReadOnlyList<Tool> Tools { get; }
    public IReadOnlyList<Resource> Resources { get; }
    public IReadOnlyList<ResourceTemplate> ResourceTemplates { get; }
    public IReadOnlyList<Prompt> Prompts { get; }
}
