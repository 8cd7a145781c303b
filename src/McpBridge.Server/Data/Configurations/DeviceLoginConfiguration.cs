using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class DeviceLoginConfiguration : IEntityTypeConfiguration<DeviceLogin>
{
    public void Configure(EntityTypeBuilder<DeviceLogin> builder)
    {
        builder.ToTable("device_logins");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(40);
        builder.Property(d => d.DeviceCodeHash).HasMaxLength(32);
        builder.Property(d => d.UserCode).HasMaxLength(8);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.ClientName).HasMaxLength(100);
        builder.Property(d => d.ClientAddress).HasMaxLength(64);
        builder.Property(d => d.AccountId).HasMaxLength(40);
        builder.Property(d => d.ProtectedKey).HasMaxLength(1000);
        builder.HasIndex(d => d.DeviceCodeHash).IsUnique();
        builder.HasIndex(d => d.UserCode);
        builder.HasIndex(d => d.ExpiresAt);
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
