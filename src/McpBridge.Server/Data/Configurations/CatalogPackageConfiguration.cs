using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpBridge.Server.Data.Configurations;

internal sealed class CatalogPackageConfiguration : IEntityTypeConfiguration<CatalogPackage>
{
    public void Configure(EntityTypeBuilder<CatalogPackage> builder)
    {
        builder.ToTable("catalog_packages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(500);
        builder.Property(p => p.Category).HasMaxLength(40);
        builder.Property(p => p.Command).HasMaxLength(260);
        builder.Property(p => p.AddedBy).HasMaxLength(40);
        builder.Property(p => p.DryRunError).HasMaxLength(1000);
    }
}
