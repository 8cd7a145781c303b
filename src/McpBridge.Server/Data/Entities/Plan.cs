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
    public int SortOrder { get; set; }
}
