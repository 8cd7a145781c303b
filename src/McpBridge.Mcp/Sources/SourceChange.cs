namespace McpBridge.Mcp.Sources;

/// <summary>What changed in a source.</summary>
/// <param name="Kind">The kind of change.</param>
/// <param name="Uri">For <see cref="SourceChangeKind.ResourceUpdated"/>, the resource's URI.</param>
public readonly record struct SourceChange(SourceChangeKind Kind, string? Uri = null);

public enum SourceChangeKind
{
    ToolsChanged,
    ResourcesChanged,
    PromptsChanged,
    ResourceUpdated,
}
