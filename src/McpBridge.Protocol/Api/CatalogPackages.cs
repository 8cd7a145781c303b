namespace McpBridge.Protocol.Api;

/// <summary>Body of <c>POST /api/v1/admin/catalog</c>: a stdio MCP package to offer in the catalog.</summary>
/// <param name="Id">The connector id: 1 to 64 lower case letters, digits and dashes.</param>
/// <param name="Name">The display name; defaults to the id.</param>
/// <param name="Description">What the package gives an assistant.</param>
/// <param name="Category">The catalog category, e.g. <c>Packages</c> or <c>Developer tools</c>.</param>
/// <param name="Premium">Whether only plans with premium connectors may use it.</param>
/// <param name="Command">The program to run (<c>npx</c>, <c>node</c>, <c>uvx</c>, ...), looked up on the server's PATH.</param>
/// <param name="Args">Its arguments. May use <c>{workingDirectory}</c>, <c>{sandboxDirectory}</c>, <c>{dataDirectory}</c> and <c>{instance}</c>.</param>
/// <param name="Env">The environment variables users set when they add the tool (its config form), by name.</param>
/// <param name="MaxProcesses">Processes one tool instance may run at once (1 to 64; default 1).</param>
public sealed record AddCatalogPackageRequest(
    string Id,
    string? Name,
    string Description,
    string? Category,
    bool Premium,
    string Command,
    IReadOnlyList<string>? Args,
    IReadOnlyDictionary<string, CatalogPackageVariable>? Env,
    int? MaxProcesses = null);

/// <summary>An environment variable of a package: a field of its config form.</summary>
/// <param name="Description">What to enter, for the form.</param>
/// <param name="Required">Whether users must give a value.</param>
/// <param name="Secret">Whether the value is a secret: encrypted at rest, never shown back, masked in logs.</param>
/// <param name="Default">The value used when a user gives none.</param>
/// <param name="Fixed">Whether an administrator fixed the value in the configuration (users do not set it; the value is not shown).</param>
public sealed record CatalogPackageVariable(string? Description = null, bool Required = false, bool Secret = false, string? Default = null, bool Fixed = false);

/// <summary>A stdio package of the catalog as administrators see it (<c>GET /api/v1/admin/catalog</c>).</summary>
/// <param name="Id">The connector id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Description">What it gives an assistant.</param>
/// <param name="Category">The catalog category.</param>
/// <param name="Premium">Whether only plans with premium connectors may use it.</param>
/// <param name="Origin">Who approved it: <c>built-in</c>, <c>configuration</c> or <c>admin</c>. Only <c>admin</c> entries can be removed through the API.</param>
/// <param name="Command">The approved program.</param>
/// <param name="Args">Its arguments, placeholders unexpanded.</param>
/// <param name="Env">Its environment variables (fixed values are not shown).</param>
/// <param name="MaxProcesses">Processes one tool instance may run at once.</param>
/// <param name="Tools">The tools the catalog lists: learned by a dry run, or the declared ones before that.</param>
/// <param name="ToolsLearnedAt">When a dry run learned <paramref name="Tools"/>; <see langword="null"/> while they are the declared ones.</param>
/// <param name="DryRunError">Why the last dry run failed, if it did.</param>
/// <param name="AddedBy">The administrator's account id (admin entries).</param>
/// <param name="AddedAt">When it was added (admin entries).</param>
public sealed record CatalogPackageInfo(
    string Id,
    string Name,
    string Description,
    string Category,
    bool Premium,
    string Origin,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, CatalogPackageVariable> Env,
    int MaxProcesses,
    IReadOnlyList<ConnectorToolInfo> Tools,
    DateTimeOffset? ToolsLearnedAt,
    string? DryRunError,
    string? AddedBy,
    DateTimeOffset? AddedAt);
