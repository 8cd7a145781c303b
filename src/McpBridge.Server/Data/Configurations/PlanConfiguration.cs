using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    /// <summary>The plans every database starts with (also inserted by the initial migration).</summary>
    public static readonly Plan[] Seed =
    [
        new() { Id = "free", Name = "Free", MaxServers = 1, MaxToolsPerServer = 2, MonthlyCalls = 5_000, CallsPerMinute = 60, PremiumConnectors = false, SortOrder = 0 },
        new() { Id = "pro", Name = "Pro", MaxServers = 3, MaxToolsPerServer = 10, MonthlyCalls = 100_000, CallsPerMinute = 600, PremiumConnectors = true, SortOrder = 20 },
        new() { Id = "team", Name = "Team", MaxServers = 20, MaxToolsPerServer = 50, MonthlyCalls = 1_000_000, CallsPerMinute = 3_000, PremiumConnectors = true, SortOrder = 30 },
        new() { Id = "enterprise", Name = "Enterprise", MaxServers = null, MaxToolsPerServer = null, MonthlyCalls = null, CallsPerMinute = null, PremiumConnectors = true, SortOrder = 50 },
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
