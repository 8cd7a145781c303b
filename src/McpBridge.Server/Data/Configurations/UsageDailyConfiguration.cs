using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class UsageDailyConfiguration : IEntityTypeConfiguration<UsageDaily>
{
    public void Configure(EntityTypeBuilder<UsageDaily> builder)
    {
        builder.ToTable("usage_daily");
        builder.HasKey(u => new { u.ServerId, u.Day, u.Tool });
        builder.Property(u => u.ServerId).HasMaxLength(40);
        builder.Property(u => u.Tool).HasMaxLength(200);
        builder.Property(u => u.Histogram).HasMaxLength(400);
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(u => u.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
