using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class ServerEventConfiguration : IEntityTypeConfiguration<ServerEvent>
{
    public void Configure(EntityTypeBuilder<ServerEvent> builder)
    {
        builder.ToTable("server_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ServerId).HasMaxLength(40);
        builder.Property(e => e.Level).HasMaxLength(16);
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.Tool).HasMaxLength(200);
        builder.Property(e => e.Message).HasMaxLength(2000);
        builder.HasIndex(e => new { e.ServerId, e.Id });
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(e => e.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
