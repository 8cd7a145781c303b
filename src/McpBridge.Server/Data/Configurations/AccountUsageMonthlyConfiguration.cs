using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class AccountUsageMonthlyConfiguration : IEntityTypeConfiguration<AccountUsageMonthly>
{
    public void Configure(EntityTypeBuilder<AccountUsageMonthly> builder)
    {
        builder.ToTable("account_usage_monthly");
        builder.HasKey(u => new { u.AccountId, u.Month });
        builder.Property(u => u.AccountId).HasMaxLength(40);
        builder.Property(u => u.Month).HasMaxLength(7);
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
