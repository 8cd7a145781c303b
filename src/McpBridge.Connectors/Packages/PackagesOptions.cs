namespace McpBridge.Connectors.Packages;

/// <summary>
/// Stdio MCP packages an administrator approved (section <c>Packages</c>). Each definition becomes a connector of
/// its own; users configure only the environment variables a definition declares, never the command.
/// </summary>
public sealed class PackagesOptions
{
    public const string SectionName = "Packages";

    /// <summary>The npm cache shared by every package process (<c>npm_config_cache</c>), so <c>npx</c> downloads a package once.</summary>
    public string NpmCache { get; set; } = Path.Combine(Path.GetTempPath(), "mcp-bridge-npm-cache");

    /// <summary>A package process with no calls for this long is stopped; the next call starts it again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a dry run (start the package, <c>initialize</c>, <c>tools/list</c>) may take, a first <c>npx</c> download
    /// included. Under the 100 s an API client waits by default, since adding a package waits for its dry run.
    /// </summary>
    public TimeSpan DryRunTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Whether the first catalog request starts dry runs, in the background and one at a time, of the packages whose
    /// tools are not learned yet (the catalog answers at once with what is known; the learned tools show once ready).
    /// </summary>
    public bool DryRunInBackground { get; set; } = true;

    /// <summary>Whether the built-in definitions (<c>memory</c>, <c>sequential-thinking</c>, <c>everything</c>, <c>mcp-filesystem</c>) are offered besides <see cref="Definitions"/>.</summary>
    public bool IncludeBuiltIns { get; set; } = true;

    /// <summary>The approved packages. A definition with a built-in's id replaces the built-in.</summary>
    public IList<PackageDefinition> Definitions { get; set; } = [];

    /// <summary>Whether <paramref name="definition"/> is one of the built-in definitions (not one from configuration).</summary>
    public static bool IsBuiltIn(PackageDefinition definition) => BuiltInPackages.Definitions.Contains(definition);

    /// <summary>The definitions in effect: the configured ones, then the built-ins that none of them replaces.</summary>
    public IReadOnlyList<PackageDefinition> EffectiveDefinitions()
    {
        var configured = Definitions.ToList();
        if (IncludeBuiltIns)
        {
            configured.AddRange(BuiltInPackages.Definitions.Where(b => !Definitions.Any(d => string.Equals(d.Id, b.Id, StringComparison.Ordinal))));
        }

        return configured;
    }
}
