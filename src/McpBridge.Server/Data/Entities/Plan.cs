namespace McpBridge.Server.Data.Entities;

/// <summary>Limits as data. A null limit is unlimited.</summary>
internal sealed class Plan
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public int? MaxServers { get; set; }
    public int? MaxToolsPerServer { get; set; }
    public long? MonthlyCalls { get; set; }
    public int? CallsPerMinute { get; set; }
    public bool PremiumConnectors { get; set; }

    /// <summary>Persistent tunnel names the account may reserve.</summary>
    public int? MaxPersistentTunnels { get; set; }

    /// <summary>Temporary tunnels the account may have connected at a time.</summary>
    public int? MaxTemporaryTunnels { get; set; }

    /// <summary>Requests through the account's tunnels per calendar month (UTC).</summary>
    public long? MonthlyTunnelRequests { get; set; }

    /// <summary>Cheaper plans first: upgrade hints name the first plan after the current one that lifts a limit.</summary>
    public int SortOrder { get; set; }
}
