using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace McpBridge.Server.Tests.Data;

/// <summary>
/// The product's model plus changes no migration has: what a developer who edits an entity configuration and forgets
/// the migration produces. Used to prove the agreement test would catch that.
/// </summary>
internal sealed class DriftedModelCustomizer(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.Entity<ServerEvent>().Property(e => e.Level).HasMaxLength(32);
        modelBuilder.Entity<ServerEvent>().Property(e => e.Tool).IsRequired();
        modelBuilder.Entity<ServerEvent>().HasIndex(e => e.At);
        modelBuilder.Entity<Account>().Property<string>("Email").HasMaxLength(200);
        modelBuilder.Entity<Plan>().HasData(new Plan { Id = "scale", Name = "Scale", SortOrder = 15 });
    }
}
