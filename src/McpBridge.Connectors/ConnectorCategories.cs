namespace McpBridge.Connectors;

/// <summary>The catalog's categories, in display order.</summary>
public static class ConnectorCategories
{
    public const string Files = "Files";
    public const string Web = "Web";
    public const string Databases = "Databases";
    public const string DeveloperTools = "Developer tools";
    public const string Communication = "Communication";
    public const string SmartHome = "Smart home";
    public const string Packages = "Packages";
    public const string Remote = "Remote";

    /// <summary>The known categories in the order the catalog shows them; others follow, alphabetically.</summary>
    public static IReadOnlyList<string> DisplayOrder { get; } = [Files, Web, Databases, DeveloperTools, Communication, SmartHome, Packages, Remote];
}
