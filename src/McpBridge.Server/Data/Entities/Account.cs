namespace McpBridge.Server.Data.Entities;

/// <summary>A customer: owns servers, keys and a plan. A GitHub identity attaches to the same account.</summary>
internal sealed class Account
{
    public required string Id { get; set; }
    public string? Name { get; set; }
    public required string PlanId { get; set; }
    public bool IsAdmin { get; set; }
    public long? GitHubUserId { get; set; }
    public string? GitHubLogin { get; set; }
    public DateTime CreatedAt { get; set; }

    public Plan? Plan { get; set; }
}
