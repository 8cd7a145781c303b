using System.ComponentModel;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using McpBridge.Connectors.Egress;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Npgsql;

namespace McpBridge.Connectors.Postgres;

/// <summary>
/// The postgres connector's tools. Everything runs in a read-only transaction with a statement timeout and is
/// rolled back, so neither a mistaken nor a malicious query changes the database; the query tool sends exactly
/// one statement (a batch of one is not split by Npgsql, and the server refuses more than one), so a
/// <c>COMMIT; DROP ...</c> cannot end the read-only transaction early.
/// </summary>
internal sealed class PostgresTools
{
    public static readonly ConnectorToolInfo ListSchemasInfo = new(
        "list_schemas",
        "List the schemas of the PostgreSQL database (system schemas left out).");

    public static readonly ConnectorToolInfo ListTablesInfo = new(
        "list_tables",
        "List the tables and views in a schema of the PostgreSQL database.");

    public static readonly ConnectorToolInfo DescribeTableInfo = new(
        "describe_table",
        "Describe a table: its columns with their types, nullability and defaults, its primary key, indexes and foreign keys.");

    public static readonly ConnectorToolInfo QueryInfo = new(
        "query",
        "Run one read-only SQL statement (SELECT, WITH, EXPLAIN, SHOW) and return the rows as JSON lines. Writes are refused: the statement runs in a read-only transaction that is always rolled back. Add LIMIT to large queries; at most the configured number of rows is returned.");

    public static IReadOnlyList<ConnectorToolInfo> All { get; } = [ListSchemasInfo, ListTablesInfo, DescribeTableInfo, QueryInfo];

    private readonly PostgresEndpoint _endpoint;
    private readonly int _maxRows;
    private readonly int _statementTimeoutSeconds;

    public PostgresTools(PostgresEndpoint endpoint, int maxRows, int statementTimeoutSeconds)
    {
        _endpoint = endpoint;
        _maxRows = maxRows;
        _statementTimeoutSeconds = statementTimeoutSeconds;
    }

    public IReadOnlyList<McpServerTool> CreateTools() =>
    [
        ConnectorTool.Create(ListSchemasAsync, ListSchemasInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(ListTablesAsync, ListTablesInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(DescribeTableAsync, DescribeTableInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(QueryAsync, QueryInfo, readOnly: true, openWorld: false),
    ];

    public Task<string> ListSchemasAsync(CancellationToken cancellationToken) =>
        RunReadOnlyAsync(async (connection, transaction, ct) =>
        {
            const string sql = """
                select schema_name from information_schema.schemata
                where schema_name not in ('pg_catalog', 'information_schema')
                  and schema_name not like 'pg\_toast%' and schema_name not like 'pg\_temp\_%'
                order by schema_name
                """;
            var schemas = new List<string>();
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                schemas.Add(reader.GetString(0));
            }

            return schemas.Count == 0 ? "This user cannot see any schema." : $"Schemas:\n{string.Join('\n', schemas)}";
        }, cancellationToken);

    public Task<string> ListTablesAsync(
        CancellationToken cancellationToken,
        [Description("The schema to list (default 'public'; see list_schemas).")] string schema = "public") =>
        RunReadOnlyAsync(async (connection, transaction, ct) =>
        {
            const string sql = """
                select table_name, table_type from information_schema.tables
                where table_schema = @schema order by table_name
                """;
            var tables = new StringBuilder();
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("schema", schema);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var count = 0;
            while (await reader.ReadAsync(ct))
            {
                count++;
                var kind = reader.GetString(1) switch
                {
                    "BASE TABLE" => "table",
                    "VIEW" => "view",
                    "FOREIGN" => "foreign table",
                    "LOCAL TEMPORARY" => "temporary table",
                    var other => other.ToLowerInvariant(),
                };
                tables.Append(CultureInfo.InvariantCulture, $"{reader.GetString(0)} ({kind})\n");
            }

            return count == 0
                ? $"The schema '{schema}' has no tables this user can see (or does not exist; see list_schemas)."
                : $"Tables in '{schema}':\n{tables}";
        }, cancellationToken);

    public Task<string> DescribeTableAsync(
        [Description("The table name.")] string table,
        CancellationToken cancellationToken,
        [Description("The table's schema (default 'public').")] string schema = "public") =>
        RunReadOnlyAsync(async (connection, transaction, ct) =>
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Table {schema}.{table}\n\nColumns:\n");
            var columns = 0;
            await using (var command = new NpgsqlCommand("""
                select column_name, case when data_type in ('USER-DEFINED', 'ARRAY') then udt_name else data_type end,
                       character_maximum_length, is_nullable, column_default
                from information_schema.columns
                where table_schema = @schema and table_name = @table
                order by ordinal_position
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("schema", schema);
                command.Parameters.AddWithValue("table", table);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    columns++;
                    var type = reader.GetString(1) + (reader.IsDBNull(2) ? string.Empty : $"({reader.GetInt32(2)})");
                    var nullable = reader.GetString(3) == "YES" ? "nullable" : "not null";
                    var defaultValue = reader.IsDBNull(4) ? string.Empty : $", default {reader.GetString(4)}";
                    text.Append(CultureInfo.InvariantCulture, $"- {reader.GetString(0)}: {type}, {nullable}{defaultValue}\n");
                }
            }

            if (columns == 0)
            {
                throw new McpException($"The table {schema}.{table} does not exist, or this user cannot see it. Use list_tables to see the tables.");
            }

            var primaryKey = await ListAsync(connection, transaction, """
                select a.attname from pg_index i
                join pg_class t on t.oid = i.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                join pg_attribute a on a.attrelid = t.oid and a.attnum = any(i.indkey)
                where i.indisprimary and n.nspname = @schema and t.relname = @table
                order by array_position(i.indkey::int2[], a.attnum)
                """, schema, table, ct);
            text.Append(CultureInfo.InvariantCulture, $"\nPrimary key: {(primaryKey.Count == 0 ? "none" : $"({string.Join(", ", primaryKey)})")}\n");

            var indexes = await ListAsync(connection, transaction,
                "select indexname || ': ' || indexdef from pg_indexes where schemaname = @schema and tablename = @table order by indexname",
                schema, table, ct);
            text.Append("\nIndexes:").Append(indexes.Count == 0 ? " none\n" : "\n" + string.Concat(indexes.Select(i => $"- {i}\n")));

            var foreignKeys = await ListAsync(connection, transaction, """
                select c.conname || ': ' || pg_get_constraintdef(c.oid) from pg_constraint c
                join pg_class t on t.oid = c.conrelid
                join pg_namespace n on n.oid = t.relnamespace
                where c.contype = 'f' and n.nspname = @schema and t.relname = @table
                order by c.conname
                """, schema, table, ct);
            text.Append("\nForeign keys:").Append(foreignKeys.Count == 0 ? " none\n" : "\n" + string.Concat(foreignKeys.Select(f => $"- {f}\n")));
            return text.ToString();
        }, cancellationToken);

    public Task<string> QueryAsync(
        [Description("One SQL statement. It runs read-only and is rolled back.")] string sql,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new McpException("sql must not be empty.");
        }

        return RunReadOnlyAsync(async (connection, transaction, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = _statementTimeoutSeconds + 5 };
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
            var reader = await batch.ExecuteReaderAsync(ct);
            var result = new QueryResultWriter(_maxRows);
            try
            {
                if (reader.FieldCount == 0)
                {
                    return $"The statement ran and returned no rows ({reader.RecordsAffected switch { < 0 => "no result set", var n => $"{n} rows affected" }}); it was rolled back.";
                }

                result.SetColumns(reader);
                while (await reader.ReadAsync(ct))
                {
                    if (!result.TryAdd(reader))
                    {
                        // Stop the server from sending the rest (the reader would otherwise drain every row on dispose).
                        batch.Cancel();
                        break;
                    }
                }
            }
            finally
            {
                try
                {
                    await reader.DisposeAsync();
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.QueryCanceled && result.Truncated)
                {
                    // The cancellation above, arriving as the reader closes.
                }
            }

            return result.ToString();
        }, cancellationToken);
    }

    private async Task<string> RunReadOnlyAsync(
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<string>> work,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _endpoint.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await using (var setup = new NpgsqlCommand(
                    $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {_statementTimeoutSeconds * 1000}",
                    connection,
                    transaction))
                {
                    await setup.ExecuteNonQueryAsync(cancellationToken);
                }

                return await work(connection, transaction, cancellationToken);
            }
            finally
            {
                await RollbackQuietlyAsync(transaction);
            }
        }
        catch (EgressRefusedException ex)
        {
            throw new McpException($"Cannot connect to the database: {ex.Message}.");
        }
        catch (PostgresException ex)
        {
            throw new McpException(Describe(ex));
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"Could not reach the database at {_endpoint.Host}:{_endpoint.Port}: {Scrub(ex.InnerException?.Message ?? ex.Message)}");
        }
        catch (SocketException ex)
        {
            throw new McpException($"Could not resolve the database host {_endpoint.Host}: {ex.Message}");
        }
    }

    private static async Task RollbackQuietlyAsync(NpgsqlTransaction transaction)
    {
        try
        {
            // Always roll back: nothing a tool runs is meant to persist.
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken or the statement ended the transaction itself; the pool discards or resets it.
        }
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string schema, string table, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private string Describe(PostgresException ex)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"PostgreSQL error {ex.SqlState}: {Scrub(ex.MessageText)}");
        if (!string.IsNullOrEmpty(ex.Detail))
        {
            text.Append(CultureInfo.InvariantCulture, $"\nDetail: {Scrub(ex.Detail)}");
        }

        if (!string.IsNullOrEmpty(ex.Hint))
        {
            text.Append(CultureInfo.InvariantCulture, $"\nHint: {Scrub(ex.Hint)}");
        }

        if (ex.Position > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nAt character {ex.Position} of the statement.");
        }

        var advice = ex.SqlState switch
        {
            PostgresErrorCodes.ReadOnlySqlTransaction =>
                "This tool only reads: every statement runs in a read-only transaction and is rolled back.",
            PostgresErrorCodes.QueryCanceled =>
                $"The statement ran longer than {_statementTimeoutSeconds} s and was cancelled. Narrow it or add a LIMIT.",
            PostgresErrorCodes.SyntaxError when ex.MessageText.Contains("multiple commands", StringComparison.Ordinal) =>
                "Send one statement per call.",
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                "The database refused the credentials in this tool's connection string.",
            _ => null,
        };
        if (advice is not null)
        {
            text.Append('\n').Append(advice);
        }

        return text.ToString();
    }

    private string Scrub(string message) =>
        _endpoint.Password is { Length: >= 4 } password ? message.Replace(password, "********", StringComparison.Ordinal) : message;
}
