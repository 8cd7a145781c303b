using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class ServerToolConfiguration : IEntityTypeConfiguration<ServerTool>
{
    public void Configure(EntityTypeBuilder<ServerTool> builder)
    {
        builder.ToTable("server_tools");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(40);
        builder.Property(t => t.ServerId).HasMaxLength(40);
        builder.Property(t => t.ConnectorId).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(64);
        builder.HasIndex(t => new { t.ServerId, t.Name }).IsUnique();
    }
}
