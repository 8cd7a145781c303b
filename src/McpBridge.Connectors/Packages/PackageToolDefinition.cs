namespace McpBridge.Connectors.Packages;

/// <summary>A tool a package is known to provide, for the catalog.</summary>
public sealed class PackageToolDefinition
{
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;
}
