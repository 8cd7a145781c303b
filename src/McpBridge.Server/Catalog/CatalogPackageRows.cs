using System.Text.Json;
using McpBridge.Connectors;
using McpBridge.Connectors.Packages;
using McpBridge.Protocol.Api;
using McpBridge.Server.Data.Entities;
using ToolInfo = McpBridge.Connectors.ConnectorToolInfo;

namespace McpBridge.Server.Catalog;

/// <summary>Converts between the API's package shapes, the stored row and the connectors' definition.</summary>
internal static class CatalogPackageRows
{
    public static PackageDefinition ToDefinition(AddCatalogPackageRequest request) => new()
    {
        Id = request.Id?.Trim() ?? string.Empty,
        Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(),
        Description = request.Description?.Trim() ?? string.Empty,
        Category = string.IsNullOrWhiteSpace(request.Category) ? ConnectorCategories.Packages : request.Category.Trim(),
        Premium = request.Premium,
        Command = request.Command?.Trim() ?? string.Empty,
        Args = [.. request.Args ?? []],
        // Users set what is declared here; a fixed value (which could hold a secret) is for configuration, not the API.
        Env = (request.Env ?? new Dictionary<string, CatalogPackageVariable>()).ToDictionary(e => e.Key, e => ToEnvVar(e.Value), StringComparer.Ordinal),
        MaxProcesses = request.MaxProcesses ?? 1,
    };

    public static CatalogPackage ToRow(PackageDefinition definition, string addedBy, DateTime at) => new()
    {
        Id = definition.Id,
        Name = definition.Name,
        Description = definition.Description,
        Category = definition.Category,
        Premium = definition.Premium,
        Command = definition.Command,
        ArgsJson = JsonSerializer.Serialize(definition.Args, JsonSerializerOptions.Web),
        EnvJson = JsonSerializer.Serialize(Variables(definition), JsonSerializerOptions.Web),
        MaxProcesses = definition.MaxProcesses,
        AddedBy = addedBy,
        AddedAt = at,
    };

    public static PackageDefinition ToDefinition(CatalogPackage row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Description = row.Description,
        Category = row.Category,
        Premium = row.Premium,
        Command = row.Command,
        Args = JsonSerializer.Deserialize<List<string>>(row.ArgsJson, JsonSerializerOptions.Web) ?? [],
        Env = (JsonSerializer.Deserialize<Dictionary<string, CatalogPackageVariable>>(row.EnvJson, JsonSerializerOptions.Web) ?? [])
            .ToDictionary(e => e.Key, e => ToEnvVar(e.Value), StringComparer.Ordinal),
        MaxProcesses = row.MaxProcesses,
    };

    // Never a fixed Value: through the API, an administrator declares what users set.
    private static PackageEnvVar ToEnvVar(CatalogPackageVariable? variable) => new()
    {
        Description = variable?.Description ?? string.Empty,
        Required = variable?.Required ?? false,
        Secret = variable?.Secret ?? false,
        Default = variable?.Default,
    };

    public static IReadOnlyList<ToolInfo>? StoredTools(CatalogPackage row) =>
        row.ToolsJson is null ? null : JsonSerializer.Deserialize<ToolInfo[]>(row.ToolsJson, JsonSerializerOptions.Web);

    public static string ToolsJson(IReadOnlyList<ToolInfo> tools) => JsonSerializer.Serialize(tools, JsonSerializerOptions.Web);

    public static string OriginName(PackageOrigin origin) => origin switch
    {
        PackageOrigin.BuiltIn => "built-in",
        PackageOrigin.Configuration => "configuration",
        _ => "admin",
    };

    public static Dictionary<string, CatalogPackageVariable> Variables(PackageDefinition definition) =>
        definition.Env.ToDictionary(
            e => e.Key,
            e => new CatalogPackageVariable(
                string.IsNullOrEmpty(e.Value.Description) ? null : e.Value.Description,
                e.Value.Required,
                e.Value.Secret,
                e.Value.Value is null ? e.Value.Default : null,
                Fixed: e.Value.Value is not null),
            StringComparer.Ordinal);
}
