using McpBridge.Server.Data;
using McpBridge.TestSupport.Databases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace McpBridge.Server.Tests.Data;

/// <summary>
/// The hand-written migrations and the EF model must create the same schema, on both databases: there are no EF
/// design-time tools here to generate a migration or a snapshot, so this is what catches a forgotten migration.
/// </summary>
public sealed class MigrationsTests
{
    private const string Initial = "20261121000000_Initial";
    private const string Tunnels = "20261122000000_Tunnels";
    private const string CatalogPackages = "20261123000000_CatalogPackages";
    private const string Dashboard = "20261124000000_Dashboard";
    private static readonly string[] DataTables = ["plans"];

    // Bounds each test; a healthy run takes a few seconds.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrateAsync_CreatesTheSchemaOfTheModel(DatabaseProvider provider)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        await using var migrated = await TestDatabase.CreateAsync(provider, ct);
        await using var created = await TestDatabase.CreateAsync(provider, ct);

        var fromMigration = await MigrateAndReadAsync(migrated, ct);
        await using (var db = TestContexts.Create(created.ConnectionString))
        {
            Assert.True(await db.Database.EnsureCreatedAsync(ct));
        }

        var fromModel = await DatabaseSchemaReader.ReadAsync(provider, created.ConnectionString, DataTables, ct);

        // Guard against two empty or half-read schemas agreeing.
        Assert.Equal(14, fromModel.Tables.Count);
        Assert.Equal(6, fromModel.Rows["plans"].Count);
        Assert.Contains(fromModel.Tables, t => t.ForeignKeys.Count > 0 && t.Indexes.Count > 0);
        AssertAgree(fromMigration, fromModel);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrateAsync_ChangesNothing_WhenRunTwice(DatabaseProvider provider)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        await using var database = await TestDatabase.CreateAsync(provider, ct);
        var first = await MigrateAndReadAsync(database, ct);

        var second = await MigrateAndReadAsync(database, ct);

        Assert.Empty(DatabaseSchemaComparer.Compare(first, "first run", second, "second run"));
        await using var db = TestContexts.Create(database.ConnectionString);
        Assert.Equal([Initial, Tunnels, CatalogPackages, Dashboard], await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.Equal(6, await db.Plans.CountAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetPendingMigrationsAsync_IsEmpty_AfterMigrating(DatabaseProvider provider)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        await using var database = await TestDatabase.CreateAsync(provider, ct);
        await using var db = TestContexts.Create(database.ConnectionString);
        Assert.Equal([Initial, Tunnels, CatalogPackages, Dashboard], await db.Database.GetPendingMigrationsAsync(ct));

        await BridgeDatabase.MigrateAsync(db, ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Down_DropsEveryTable(DatabaseProvider provider)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        await using var database = await TestDatabase.CreateAsync(provider, ct);
        await MigrateAndReadAsync(database, ct);

        await using (var db = TestContexts.Create(database.ConnectionString))
        {
            await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase, ct);
        }

        var schema = await DatabaseSchemaReader.ReadAsync(provider, database.ConnectionString, DataTables, ct);
        Assert.Empty(schema.Tables);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Compare_ReportsEveryDifference_WhenTheModelChangesWithoutAMigration(DatabaseProvider provider)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        await using var migrated = await TestDatabase.CreateAsync(provider, ct);
        await using var drifted = await TestDatabase.CreateAsync(provider, ct);
        var fromMigration = await MigrateAndReadAsync(migrated, ct);
        await using (var db = TestContexts.Create(drifted.ConnectionString, o => o.ReplaceService<IModelCustomizer, DriftedModelCustomizer>()))
        {
            await db.Database.EnsureCreatedAsync(ct);
        }

        var fromModel = await DatabaseSchemaReader.ReadAsync(provider, drifted.ConnectionString, DataTables, ct);

        var differences = DatabaseSchemaComparer.Compare(fromMigration, "migration", fromModel, "model");
        var postgres = provider == DatabaseProvider.Postgres;
        var expected = new List<string>
        {
            $"column accounts.Email: only the model has it ({(postgres ? "character varying(200)" : "TEXT")} NULL)",
            "server_events.Tool: migration says NULL, model says NOT NULL",
            "index server_events.IX_server_events_At: only the model has it ((At))",
            "plans row only in the model: CallsPerMinute=NULL, Id='scale', MaxPersistentTunnels=NULL, MaxServers=NULL, MaxTemporaryTunnels=NULL, "
                + $"MaxToolsPerServer=NULL, MonthlyCalls=NULL, MonthlyTunnelRequests=NULL, Name='Scale', PremiumConnectors={(postgres ? "false" : "0")}, SortOrder=15",
        };
        if (postgres)
        {
            // SQLite has no lengths: TEXT is TEXT.
            expected.Add("server_events.Level: migration says character varying(16), model says character varying(32)");
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), differences.Order(StringComparer.Ordinal));
    }

    private static async Task<DatabaseSchema> MigrateAndReadAsync(TestDatabase database, CancellationToken ct)
    {
        await using (var db = TestContexts.Create(database.ConnectionString))
        {
            await BridgeDatabase.MigrateAsync(db, ct);
        }

        return await DatabaseSchemaReader.ReadAsync(database.Provider, database.ConnectionString, DataTables, ct);
    }

    private static void AssertAgree(DatabaseSchema fromMigration, DatabaseSchema fromModel)
    {
        var differences = DatabaseSchemaComparer.Compare(fromMigration, "migration", fromModel, "model");
        Assert.True(
            differences.Count == 0,
            $"The migrations and the model disagree ({differences.Count} differences); update Data/Migrations:{Environment.NewLine}"
                + string.Join(Environment.NewLine, differences));
    }
}
