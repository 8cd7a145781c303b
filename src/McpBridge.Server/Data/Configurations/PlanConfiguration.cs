using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    /// <summary>
    /// The plans every database starts with (inserted and updated by the migrations). Ordered by price: Developer sits
    /// after Team because it is for programs that embed many tunnels, and allows more than Team of what it offers.
    /// </summary>
    public static readonly Plan[] Seed =
    [
        new() { Id = "free", Name = "Free", MaxServers = 1, MaxToolsPerServer = 2, MonthlyCalls = 5_000, CallsPerMinute = 60, PremiumConnectors = false, MaxPersistentTunnels = 0, MaxTemporaryTunnels = 1, MonthlyTunnelRequests = 1_000, SortOrder = 0 },
        new() { Id = "starter", Name = "Starter", MaxServers = 2, MaxToolsPerServer = 5, MonthlyCalls = 25_000, CallsPerMinute = 200, PremiumConnectors = false, MaxPersistentTunnels = 1, MaxTemporaryTunnels = 2, MonthlyTunnelRequests = 10_000, SortOrder = 10 },
        new() { Id = "pro", Name = "Pro", MaxServers = 3, MaxToolsPerServer = 10, MonthlyCalls = 100_000, CallsPerMinute = 600, PremiumConnectors = true, MaxPersistentTunnels = 3, MaxTemporaryTunnels = 3, MonthlyTunnelRequests = 100_000, SortOrder = 20 },
        new() { Id = "team", Name = "Team", MaxServers = 20, MaxToolsPerServer = 50, MonthlyCalls = 1_000_000, CallsPerMinute = 3_000, PremiumConnectors = true, MaxPersistentTunnels = 10, MaxTemporaryTunnels = 10, MonthlyTunnelRequests = null, SortOrder = 30 },
        new() { Id = "developer", Name = "Developer", MaxServers = 50, MaxToolsPerServer = 50, MonthlyCalls = 2_000_000, CallsPerMinute = 6_000, PremiumConnectors = true, MaxPersistentTunnels = 50, MaxTemporaryTunnels = 50, MonthlyTunnelRequests = null, SortOrder = 40 },
        new() { Id = "enterprise", Name = "Enterprise", MaxServers = null, MaxToolsPerServer = null, MonthlyCalls = null, CallsPerMinute = null, PremiumConnectors = true, MaxPersistentTunnels = null, MaxTemporaryTunnels = null, MonthlyTunnelRequests = null, SortOrder = 50 },
    ];

    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(32);
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.HasData(Seed);
    }
}
