namespace McpBridge.Connectors.Packages;

/// <summary>
/// One approved stdio MCP package. <see cref="Args"/> and env values may use <c>{workingDirectory}</c> (the
/// instance's private folder, also its HOME and working directory), <c>{sandboxDirectory}</c> (a folder inside it for
/// the user's files, created before the process starts; the only folder a file server should be given, since npx
/// reads configuration from the working directory and HOME), <c>{dataDirectory}</c> (the server's folder) and
/// <c>{instance}</c>.
/// </summary>
public sealed class PackageDefinition
{
    /// <summary>The connector id, e.g. <c>memory</c>: lower case letters, digits and dashes.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The display name; defaults to the id.</summary>
    public string? Name { get; set; }

    public string Description { get; set; } = string.Empty;

    public string Category { get; set; } = ConnectorCategories.Packages;

    public bool Premium { get; set; }

    /// <summary>The program to run, e.g. <c>npx</c> or <c>node</c>, found on the host's PATH.</summary>
    public string Command { get; set; } = string.Empty;

    public IList<string> Args { get; set; } = [];

    /// <summary>Environment variables by name: the ones a user sets (the config schema) and fixed ones.</summary>
    public IDictionary<string, PackageEnvVar> Env { get; set; } = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal);

    /// <summary>Processes one tool instance may run at once; calls are spread over them.</summary>
    public int MaxProcesses { get; set; } = 1;

    /// <summary>
    /// The tools the package is known to offer, for the catalog listing until a dry run has learned the real list
    /// (a running instance always serves what its process offers).
    /// </summary>
    public IList<PackageToolDefinition> Tools { get; set; } = [];
}
