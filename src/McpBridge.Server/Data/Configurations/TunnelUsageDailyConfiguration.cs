using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class TunnelUsageDailyConfiguration : IEntityTypeConfiguration<TunnelUsageDaily>
{
    public void Configure(EntityTypeBuilder<TunnelUsageDaily> builder)
    {
        builder.ToTable("tunnel_usage_daily");

        // A surrogate key: the natural one (name, day, account) has a nullable part (anonymous tunnels).
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedOnAdd();
        builder.Property(u => u.TunnelName).HasMaxLength(63);
        builder.Property(u => u.AccountId).HasMaxLength(40);
        builder.HasIndex(u => new { u.TunnelName, u.Day });
        builder.HasIndex(u => new { u.AccountId, u.Day });
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
