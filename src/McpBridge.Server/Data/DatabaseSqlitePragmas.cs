using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace McpBridge.Server.Data;

/// <summary>
/// Sets the per-connection SQLite pragmas every time EF opens a connection (pooled connections included):
/// WAL so readers never block the metering writer, synchronous=FULL so a committed write survives a power cut,
/// and a busy timeout so concurrent writers wait instead of failing with SQLITE_BUSY.
/// </summary>
internal sealed class DatabaseSqlitePragmas : DbConnectionInterceptor
{
    // journal_mode is stored in the file, so it is only changed when it is not WAL yet: switching takes an
    // exclusive lock, which a busy database would make every open wait for.
    private const string JournalModeQuery = "PRAGMA journal_mode;";

    public static readonly DatabaseSqlitePragmas Instance = new();

    private DatabaseSqlitePragmas()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = JournalModeQuery;
        if (!IsWalOrMemory(command.ExecuteScalar()))
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        command.CommandText = PerConnectionPragmas(sqlite);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        await using var command = sqlite.CreateCommand();
        command.CommandText = JournalModeQuery;
        if (!IsWalOrMemory(await command.ExecuteScalarAsync(cancellationToken)))
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        command.CommandText = PerConnectionPragmas(sqlite);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // In-memory databases cannot use WAL and report "memory"; leave them be.
    private static bool IsWalOrMemory(object? mode) =>
        mode is string text && (text.Equals("wal", StringComparison.OrdinalIgnoreCase) || text.Equals("memory", StringComparison.OrdinalIgnoreCase));

    private static string PerConnectionPragmas(SqliteConnection connection)
    {
        var timeoutMs = checked(connection.DefaultTimeout * 1000);
        return $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {timeoutMs};";
    }
}
