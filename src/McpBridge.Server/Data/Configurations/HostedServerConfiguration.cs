using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class HostedServerConfiguration : IEntityTypeConfiguration<HostedServer>
{
    public void Configure(EntityTypeBuilder<HostedServer> builder)
    {
        builder.ToTable("servers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(40);
        builder.Property(s => s.AccountId).HasMaxLength(40);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Slug).HasMaxLength(63);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Tools).WithOne().HasForeignKey(t => t.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
