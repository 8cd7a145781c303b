using System.Net;
using System.Net.Sockets;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.TestSupport.Databases;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace McpBridge.Server.Tests.Data;

public sealed class BridgeDatabaseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public void Configure_UsesSqliteWithBusyTimeoutAndForeignKeys_ForDataSource()
    {
        using var db = TestContexts.Create("Data Source=/tmp/mcpb-configure-test.db");

        Assert.True(db.Database.IsSqlite());
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal("/tmp/mcpb-configure-test.db", builder.DataSource);
        Assert.Equal(30, builder.DefaultTimeout);
        Assert.True(builder.ForeignKeys);
    }

    [Fact]
    public void Configure_KeepsTheTimeout_WhenTheConnectionStringSetsOne()
    {
        using var db = TestContexts.Create("Data Source=/tmp/mcpb-configure-test.db;Default Timeout=5");

        Assert.Equal(5, new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DefaultTimeout);
    }

    [Fact]
    public void Configure_UsesNpgsql_ForHostKeywords()
    {
        using var db = TestContexts.Create("Host=db.internal;Port=6543;Database=bridge;Username=app;Password=s3cret");

        Assert.True(db.Database.IsNpgsql());
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(("db.internal", 6543, "bridge", "app", "s3cret"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Theory]
    [InlineData("postgres://app:s3cret@db.internal:6543/bridge?sslmode=require", "db.internal", 6543, "bridge", "app", "s3cret", SslMode.Require)]
    [InlineData("postgresql://app:s3cret@db.internal/bridge", "db.internal", 5432, "bridge", "app", "s3cret", SslMode.Prefer)]
    [InlineData("postgres://app%40corp:p%40ss%3Aw%2Frd@10.0.0.5:5433/my%20db?sslmode=verify-full", "10.0.0.5", 5433, "my db", "app@corp", "p@ss:w/rd", SslMode.VerifyFull)]
    [InlineData("POSTGRES://app@[::1]:5432/bridge?sslmode=disable&application_name=mcp-bridge", "::1", 5432, "bridge", "app", null, SslMode.Disable)]
    public void Configure_ConvertsPostgresUris_ToNpgsqlKeywords(
        string uri, string host, int port, string database, string username, string? password, SslMode sslMode)
    {
        using var db = TestContexts.Create(uri);

        Assert.True(db.Database.IsNpgsql());
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal((host, port, database, username, password, sslMode), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
    }

    [Fact]
    public void Configure_PassesUriParameters_ToNpgsql()
    {
        using var db = TestContexts.Create("postgres://app:pw@db/bridge?application_name=mcp-bridge&connect_timeout=7");

        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(("mcp-bridge", 7), (builder.ApplicationName, builder.Timeout));
    }

    [Theory]
    [InlineData("Server=sql.internal;Password=hunter2-secret")]
    [InlineData("mysql://root:hunter2-secret@localhost/db")]
    [InlineData("hunter2-secret")]
    [InlineData("Host=db;Password=hunter2-secret;NoSuchKeyword=1")]
    [InlineData("postgres://app:hunter2-secret@db/bridge?sslmode=sometimes")]
    [InlineData("postgres://app:hunter2-secret@db/bridge?frobnicate=1")]
    [InlineData("   ")]
    public void Configure_ThrowsNamingTheAcceptedFormsWithoutThePassword_ForOtherStrings(string connectionString)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => TestContexts.Create(connectionString));

        Assert.Contains("Data Source=", error.Message, StringComparison.Ordinal);
        Assert.Contains("Host=", error.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultSqliteConnectionString_PointsAtTheDatabaseFileInTheDataFolder()
    {
        var connectionString = BridgeDatabase.DefaultSqliteConnectionString("/var/lib/mcp-bridge");

        Assert.Equal("Data Source=/var/lib/mcp-bridge/mcp-bridge.db", connectionString);
    }

    [Fact]
    public async Task MigrateAsync_CreatesTheDataFolder_WhenItIsMissing()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var root = Path.Combine(Path.GetTempPath(), "mcpb-tests", Guid.NewGuid().ToString("N"));
        var dataDirectory = Path.Combine(root, "nested", "data");
        try
        {
            await using (var db = TestContexts.Create(BridgeDatabase.DefaultSqliteConnectionString(dataDirectory)))
            {
                await BridgeDatabase.MigrateAsync(db, timeout.Token);
                Assert.Equal(6, await db.Plans.CountAsync(timeout.Token));
            }

            Assert.True(File.Exists(Path.Combine(dataDirectory, BridgeDatabase.SqliteFileName)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task MigrateAsync_ThrowsCannotOpen_WhenTheSqlitePathIsAFolder()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var folder = Path.Combine(Path.GetTempPath(), "mcpb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var db = TestContexts.Create($"Data Source={folder}");

            var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => BridgeDatabase.MigrateAsync(db, timeout.Token));

            Assert.StartsWith($"cannot open the SQLite database {folder}: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task OpenConnection_SetsWalFullSyncForeignKeysAndBusyTimeout_OnSqlite()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, timeout.Token);
        await using var db = TestContexts.Create(database.ConnectionString);

        await db.Database.OpenConnectionAsync(timeout.Token);
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode", timeout.Token));
        Assert.Equal(2L, await PragmaAsync(connection, "synchronous", timeout.Token));
        Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys", timeout.Token));
        Assert.Equal(30_000L, await PragmaAsync(connection, "busy_timeout", timeout.Token));
    }

    [Fact]
    public async Task MigrateAsync_ThrowsCannotReach_WhenNothingListensOnThePort()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var port = UnusedPort();
        await using var db = TestContexts.Create($"Host=127.0.0.1;Port={port};Database=bridge;Username=app;Password=hunter2-secret;Timeout=5");

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => BridgeDatabase.MigrateAsync(db, timeout.Token));

        Assert.StartsWith($"cannot reach PostgreSQL at 127.0.0.1:{port}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_ThrowsCannotReach_WhenPostgresRejectsThePassword()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresAdminConnectionString);
        await using var probe = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, timeout.Token);
        var wrong = new NpgsqlConnectionStringBuilder(probe.ConnectionString) { Password = "hunter2-wrong" };
        await using var db = TestContexts.Create(wrong.ConnectionString);

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => BridgeDatabase.MigrateAsync(db, timeout.Token));

        Assert.StartsWith($"cannot reach PostgreSQL at {admin.Host}:{admin.Port}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigratedSchema_GeneratesIdsKeepsUtcAndCascadesDeletes(DatabaseProvider provider)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        await using var database = await TestDatabase.CreateAsync(provider, ct);
        var createdAt = new DateTime(2026, 11, 21, 8, 30, 15, 123, DateTimeKind.Utc);
        await using (var db = TestContexts.Create(database.ConnectionString))
        {
            await BridgeDatabase.MigrateAsync(db, ct);
            db.Accounts.Add(new Account { Id = "acc_1", PlanId = "pro", CreatedAt = createdAt });
            db.Servers.Add(new HostedServer { Id = "srv_1", AccountId = "acc_1", Name = "Notes", Slug = "notes", Status = "draft", CreatedAt = createdAt, UpdatedAt = createdAt });
            db.ServerEvents.Add(new ServerEvent { ServerId = "srv_1", At = createdAt, Level = "info", Kind = "deploy", Message = "first" });
            db.ServerEvents.Add(new ServerEvent { ServerId = "srv_1", At = createdAt, Level = "info", Kind = "deploy", Message = "second" });
            await db.SaveChangesAsync(ct);
        }

        await using (var db = TestContexts.Create(database.ConnectionString))
        {
            var ids = await db.ServerEvents.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
            Assert.Equal(2, ids.Count);
            Assert.True(ids[0] > 0 && ids[1] > ids[0]);

            var account = await db.Accounts.SingleAsync(ct);
            Assert.Equal(createdAt, account.CreatedAt);
            Assert.Equal(DateTimeKind.Utc, account.CreatedAt.Kind);

            // Plans are restricted: the account on "pro" keeps the plan from being deleted.
            db.Plans.Remove(await db.Plans.SingleAsync(p => p.Id == "pro", ct));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        }

        await using (var db = TestContexts.Create(database.ConnectionString))
        {
            await db.Accounts.Where(a => a.Id == "acc_1").ExecuteDeleteAsync(ct);

            Assert.Equal(0, await db.Servers.CountAsync(ct));
            Assert.Equal(0, await db.ServerEvents.CountAsync(ct));
        }
    }

    private static async Task<object?> PragmaAsync(System.Data.Common.DbConnection connection, string pragma, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync(ct);
    }

    private static int UnusedPort()
    {
        // Bind to learn a free port, then release it: nothing listens there afterwards.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
