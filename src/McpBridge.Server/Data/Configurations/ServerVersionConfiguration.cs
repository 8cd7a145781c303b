using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class ServerVersionConfiguration : IEntityTypeConfiguration<ServerVersion>
{
    public void Configure(EntityTypeBuilder<ServerVersion> builder)
    {
        builder.ToTable("server_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedOnAdd();
        builder.Property(v => v.ServerId).HasMaxLength(40);
        builder.Property(v => v.CreatedBy).HasMaxLength(100);
        builder.HasIndex(v => new { v.ServerId, v.Version }).IsUnique();
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(v => v.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
