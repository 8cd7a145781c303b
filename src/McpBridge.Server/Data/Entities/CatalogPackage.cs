namespace McpBridge.Server.Data.Entities;

/// <summary>
/// A stdio package an administrator added to the catalog (<c>mcp-bridge admin catalog add</c>): the approved command,
/// its arguments and the environment variables users set, and the tools its dry run found.
/// </summary>
internal sealed class CatalogPackage
{
    /// <summary>The connector id.</summary>
    public required string Id { get; set; }
    public string? Name { get; set; }
    public required string Description { get; set; }
    public required string Category { get; set; }
    public bool Premium { get; set; }
    public required string Command { get; set; }

    /// <summary>The arguments, a JSON array of strings.</summary>
    public required string ArgsJson { get; set; }

    /// <summary>The declared variables, a JSON object of name to <c>{description, required, secret, default}</c>.</summary>
    public required string EnvJson { get; set; }
    public int MaxProcesses { get; set; }

    /// <summary>The administrator's account.</summary>
    public required string AddedBy { get; set; }
    public DateTime AddedAt { get; set; }

    /// <summary>The tools the last successful dry run found, a JSON array of <c>{name, description}</c>; null before one.</summary>
    public string? ToolsJson { get; set; }
    public DateTime? ToolsLearnedAt { get; set; }

    /// <summary>Why the last dry run failed; null when it succeeded or none ran yet.</summary>
    public string? DryRunError { get; set; }
    public DateTime? DryRunAt { get; set; }
}
