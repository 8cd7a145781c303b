namespace McpBridge.Server.Data.Entities;

/// <summary>Metered calls of an account in a calendar month (UTC), what monthly quotas count.</summary>
internal sealed class AccountUsageMonthly
{
    public required string AccountId { get; set; }

    /// <summary><c>yyyy-MM</c>.</summary>
    public required string Month { get; set; }
    public long Calls { get; set; }
}
