namespace McpBridge.Server.Data.Entities;

/// <summary>A configured connector in a server's draft. Secret fields live only in <see cref="SecretsProtected"/>.</summary>
internal sealed class ServerTool
{
    public required string Id { get; set; }
    public required string ServerId { get; set; }
    public required string ConnectorId { get; set; }
    public required string Name { get; set; }

    /// <summary>The configuration without its secret fields (JSON object).</summary>
    public required string ConfigJson { get; set; }

    /// <summary>The secret fields as a JSON object, encrypted with ASP.NET Core Data Protection; null when there are none.</summary>
    public string? SecretsProtected { get; set; }
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
}
