using McpBridge.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Tests.Data;

/// <summary>Builds <see cref="BridgeDbContext"/>s the way the product does, through <see cref="BridgeDatabase.Configure"/>.</summary>
internal static class TestContexts
{
    public static BridgeDbContext Create(string connectionString, Action<DbContextOptionsBuilder>? configure = null)
    {
        var builder = new DbContextOptionsBuilder<BridgeDbContext>();
        BridgeDatabase.Configure(builder, connectionString);
        configure?.Invoke(builder);
        return new BridgeDbContext(builder.Options);
    }
}
