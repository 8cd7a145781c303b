namespace McpBridge.Server.Data.Entities;

/// <summary>A hosted MCP server: a draft of tools, numbered immutable versions, and the live one.</summary>
internal sealed class HostedServer
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }

    /// <summary><c>draft</c>, <c>running</c>, <c>stopped</c> or <c>error</c>.</summary>
    public required string Status { get; set; }
    public int? LiveVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActiveAt { get; set; }

    public List<ServerTool> Tools { get; set; } = [];
}
