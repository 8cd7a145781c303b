using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class TunnelNameConfiguration : IEntityTypeConfiguration<TunnelName>
{
    public void Configure(EntityTypeBuilder<TunnelName> builder)
    {
        builder.ToTable("tunnel_names");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(40);
        builder.Property(t => t.Name).HasMaxLength(63);
        builder.Property(t => t.AccountId).HasMaxLength(40);
        builder.Property(t => t.ResumeTokenHash).HasMaxLength(32);
        builder.Property(t => t.CreatorAddress).HasMaxLength(64);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.HasIndex(t => t.AccountId);
        builder.HasIndex(t => t.ResumeTokenHash);
        builder.HasIndex(t => new { t.CreatorAddress, t.CreatedAt });
        builder.HasIndex(t => t.ExpiresAt);
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
