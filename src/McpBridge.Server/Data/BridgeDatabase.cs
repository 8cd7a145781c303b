using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace McpBridge.Server.Data;

/// <summary>Chooses the database engine from the connection string and brings the schema up to date at start-up.</summary>
internal static class BridgeDatabase
{
    // SQLite result codes (sqlite3.h) that mean the file itself cannot be used (a folder, no permission, not a database).
    private const int SqlitePermission = 3;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>The SQLite file name inside the data folder.</summary>
    public const string SqliteFileName = "mcp-bridge.db";

    /// <summary>SQLite when <paramref name="connectionString"/> is a SQLite one, PostgreSQL when it is an Npgsql string or a postgres:// URI.</summary>
    /// <exception cref="DatabaseConfigurationException">The string is none of the accepted forms (the message lists them).</exception>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var parsed = DatabaseConnectionString.Parse(connectionString);
        switch (parsed.Kind)
        {
            case DatabaseKind.Sqlite:
                builder.UseSqlite(parsed.Value);
                builder.AddInterceptors(DatabaseSqlitePragmas.Instance);
                break;
            case DatabaseKind.Postgres:
                builder.UseNpgsql(parsed.Value);
                break;
        }

        // The migrations are hand-written and carry no model snapshot, so EF would always think the model has
        // changes since the last migration. MigrationsTests compares the migrated schema with the model instead.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>The default database: a SQLite file in <paramref name="dataDirectory"/>.</summary>
    public static string DefaultSqliteConnectionString(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, SqliteFileName) }.ConnectionString;
    }

    /// <summary>Applies the migrations <paramref name="db"/> has not seen yet; a no-op on an up-to-date database.</summary>
    /// <exception cref="DatabaseUnavailableException">PostgreSQL cannot be reached or refuses the login, or the SQLite file cannot be opened.</exception>
    public static async Task MigrateAsync(BridgeDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database context has no connection string; configure it with BridgeDatabase.Configure.");

        if (db.Database.IsSqlite())
        {
            CreateSqliteDirectory(connectionString);
        }

        try
        {
            await db.Database.MigrateAsync(ct);
        }
        catch (Exception ex) when (DescribeConnectionFailure(ex) is { } reason)
        {
            var what = db.Database.IsSqlite()
                ? $"cannot open the SQLite database {new SqliteConnectionStringBuilder(connectionString).DataSource}"
                : $"cannot reach PostgreSQL at {DatabaseConnectionString.Parse(connectionString).Location}";
            throw new DatabaseUnavailableException($"{what}: {reason}", ex);
        }
    }

    // SQLite creates the file but not its folder; a fresh data folder is the first-run case.
    private static void CreateSqliteDirectory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var path = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || path.Length == 0 || path == ":memory:"
            || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"cannot open the SQLite database {path}: cannot create its folder: {ex.Message}", ex);
        }
    }

    // Only failures to connect become "cannot reach"; an error in a migration's SQL must surface as itself.
    private static string? DescribeConnectionFailure(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException pg:
                    return IsConnectionSqlState(pg.SqlState) ? pg.MessageText : null;
                case NpgsqlException npgsql:
                    // Socket, DNS, TLS and timeout failures: Npgsql says what it tried, the inner exception why.
                    return npgsql.InnerException is { } inner and not PostgresException && inner.Message != npgsql.Message
                        ? $"{npgsql.Message} ({inner.Message})"
                        : npgsql.Message;
                case SqliteException { SqliteErrorCode: SqliteCantOpen or SqliteNotADatabase or SqlitePermission or SqliteReadOnly or SqliteIoError } sqlite:
                    return sqlite.Message;
            }
        }

        return null;
    }

    // Class 08: connection exception; 28: invalid authorization; 3D000: no such database; 57P03: starting up;
    // 53300: too many connections.
    private static bool IsConnectionSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("28", StringComparison.Ordinal)
        || sqlState is "3D000" or "57P03" or "53300";
}
