using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace McpBridge.TestSupport.Databases;

/// <summary>
/// A brand-new, empty database for one test: a SQLite file in a fresh temp folder, or a PostgreSQL database
/// <c>mcpb_test_{random}</c> on the server named by <c>MCPB_TEST_POSTGRES</c>. Disposing deletes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable holding the PostgreSQL admin connection string.</summary>
    public const string PostgresEnvironmentVariable = "MCPB_TEST_POSTGRES";

    /// <summary>Where <c>scripts/ensure-postgres.sh</c> makes PostgreSQL listen.</summary>
    public const string DefaultPostgresAdmin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private const string DatabasePrefix = "mcpb_test_";

    private readonly string? _sqliteFolder;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;
    private int _disposed;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFolder, string? postgresAdmin, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFolder = sqliteFolder;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    /// <summary>Both providers, for <c>[MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]</c>.</summary>
    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    public DatabaseProvider Provider { get; }

    /// <summary>A connection string to the new, empty database (SQLite: <c>Data Source=...</c>; PostgreSQL: Npgsql keywords).</summary>
    public string ConnectionString { get; }

    /// <summary>The PostgreSQL admin connection string the tests use: <c>MCPB_TEST_POSTGRES</c> or <see cref="DefaultPostgresAdmin"/>.</summary>
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresEnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultPostgresAdmin;

    /// <summary>Creates an empty database.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL cannot be reached; the message says how to start it.</exception>
    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider, CancellationToken ct = default) => provider switch
    {
        DatabaseProvider.Sqlite => Task.FromResult(CreateSqlite()),
        DatabaseProvider.Postgres => CreatePostgresAsync(ct),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_sqliteFolder is not null)
        {
            // Pooled connections keep the file open; the product adds its own keywords to the connection string,
            // so its pool is not the one ClearPool(ConnectionString) would find.
            SqliteConnection.ClearAllPools();
            DeleteFolder(_sqliteFolder);
        }
        else if (_postgresAdmin is not null && _postgresName is not null)
        {
            using (var own = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(own);
            }

            await using var admin = await OpenAdminAsync(_postgresAdmin, CancellationToken.None);
            await using var drop = admin.CreateCommand();
            // FORCE ends the connections the code under test may still hold (pools of other connection strings).
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public override string ToString() => $"{Provider} test database";

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mcpb-tests", RandomSuffix());
        Directory.CreateDirectory(folder);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "test.db") }.ConnectionString;
        return new TestDatabase(DatabaseProvider.Sqlite, connectionString, folder, null, null);
    }

    private static async Task<TestDatabase> CreatePostgresAsync(CancellationToken ct)
    {
        var adminConnectionString = PostgresAdminConnectionString;
        var name = DatabasePrefix + RandomSuffix();
        await using (var admin = await OpenAdminAsync(adminConnectionString, ct))
        {
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            await create.ExecuteNonQueryAsync(ct);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(DatabaseProvider.Postgres, connectionString, null, adminConnectionString, name);
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync(string adminConnectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString);
        builder.Database ??= "postgres";
        // Admin connections are few and short; keeping them out of the pool leaves nothing behind.
        builder.Pooling = false;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch (NpgsqlException ex)
        {
            await connection.DisposeAsync();
            var where = $"{builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)} as {builder.Username}";
            var reason = ex.InnerException is { } inner and not PostgresException ? $"{ex.Message} ({inner.Message})" : ex.Message;
            throw new InvalidOperationException(
                $"The database tests need PostgreSQL and cannot reach it at {where}: {reason}. " +
                $"Start it with scripts/ensure-postgres.sh (installs it from Debian packages if needed), or set " +
                $"{PostgresEnvironmentVariable} to an admin connection string (default: Host=127.0.0.1;Port=5432;Username=postgres;Password=...).",
                ex);
        }
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
