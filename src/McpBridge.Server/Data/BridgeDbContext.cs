using McpBridge.Server.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace McpBridge.Server.Data;

/// <summary>The cloud's database: SQLite by default, PostgreSQL by connection string. Migrations are hand-written (Migrations/).</summary>
internal sealed class BridgeDbContext(DbContextOptions<BridgeDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<HostedServer> Servers => Set<HostedServer>();
    public DbSet<ServerTool> ServerTools => Set<ServerTool>();
    public DbSet<ServerVersion> ServerVersions => Set<ServerVersion>();
    public DbSet<UsageDaily> UsageDaily => Set<UsageDaily>();
    public DbSet<AccountUsageMonthly> AccountUsageMonthly => Set<AccountUsageMonthly>();
    public DbSet<ServerEvent> ServerEvents => Set<ServerEvent>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<TunnelName> TunnelNames => Set<TunnelName>();
    public DbSet<TunnelUsageDaily> TunnelUsageDaily => Set<TunnelUsageDaily>();
    public DbSet<DeviceLogin> DeviceLogins => Set<DeviceLogin>();
    public DbSet<CatalogPackage> CatalogPackages => Set<CatalogPackage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BridgeDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. SQLite hands DateTime back without a kind; say it is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
