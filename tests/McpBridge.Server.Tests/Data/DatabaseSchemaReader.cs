using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using McpBridge.TestSupport.Databases;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpBridge.Server.Tests.Data;

/// <summary>Reads a schema from the database's own catalog (never from EF), so what is compared is what was really created.</summary>
internal static partial class DatabaseSchemaReader
{
    // EF's bookkeeping, not part of the model.
    private static readonly HashSet<string> IgnoredTables = new(StringComparer.Ordinal) { "__EFMigrationsHistory", "__EFMigrationsLock" };

    /// <summary>Reads the schema, and the rows of <paramref name="dataTables"/> (in primary-key order).</summary>
    public static async Task<DatabaseSchema> ReadAsync(DatabaseProvider provider, string connectionString, IReadOnlyList<string> dataTables, CancellationToken ct)
    {
        return provider switch
        {
            DatabaseProvider.Sqlite => await ReadSqliteAsync(connectionString, dataTables, ct),
            DatabaseProvider.Postgres => await ReadPostgresAsync(connectionString, dataTables, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    private static async Task<DatabaseSchema> ReadSqliteAsync(string connectionString, IReadOnlyList<string> dataTables, CancellationToken ct)
    {
        // No pooling: the test database's folder is deleted when the test ends.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);

        var tableSql = new List<(string Name, string Sql)>();
        await foreach (var row in QueryAsync(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", [], ct))
        {
            if (!IgnoredTables.Contains((string)row[0]!))
            {
                tableSql.Add(((string)row[0]!, (string)row[1]!));
            }
        }

        var tables = new List<DatabaseSchema.Table>();
        foreach (var (name, sql) in tableSql)
        {
            var autoincrement = sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);
            var columns = new List<DatabaseSchema.Column>();
            var keyColumns = new List<(long Position, string Column)>();
            await foreach (var c in QueryAsync(connection, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($t)", [("$t", name)], ct))
            {
                var column = (string)c[0]!;
                var pk = (long)c[4]!;
                if (pk > 0)
                {
                    keyColumns.Add((pk, column));
                }

                // SQLite only allows AUTOINCREMENT on a single INTEGER PRIMARY KEY column.
                columns.Add(new(column, (string)c[1]!, null, (long)c[2]! == 0, (string?)c[3], autoincrement && pk > 0 ? "AUTOINCREMENT" : null));
            }

            var keyName = SqlitePrimaryKeyName().Match(sql) is { Success: true } m ? m.Groups["name"].Value : null;
            var key = keyColumns.Count == 0 ? null : new DatabaseSchema.PrimaryKey(keyName, [.. keyColumns.OrderBy(k => k.Position).Select(k => k.Column)]);

            var indexes = new List<DatabaseSchema.Index>();
            var indexList = new List<(string Name, bool Unique, bool Partial)>();
            // origin 'pk' is the automatic index behind a non-INTEGER primary key: already compared as the key.
            await foreach (var i in QueryAsync(connection, "SELECT name, \"unique\", partial FROM pragma_index_list($t) WHERE origin <> 'pk' ORDER BY name", [("$t", name)], ct))
            {
                indexList.Add(((string)i[0]!, (long)i[1]! != 0, (long)i[2]! != 0));
            }

            foreach (var (indexName, unique, partial) in indexList)
            {
                var indexColumns = new List<string>();
                await foreach (var ic in QueryAsync(connection, "SELECT name, \"desc\" FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno", [("$i", indexName)], ct))
                {
                    indexColumns.Add((long)ic[1]! != 0 ? $"{ic[0]} DESC" : (string)ic[0]!);
                }

                string? filter = null;
                if (partial)
                {
                    var indexSql = (string?)await ScalarAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $i", [("$i", indexName)], ct);
                    filter = indexSql is null ? "?" : indexSql[(indexSql.LastIndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) + 7)..];
                }

                indexes.Add(new(indexName, indexColumns, unique, filter));
            }

            var foreignKeyNames = SqliteForeignKeyName().Matches(sql).ToDictionary(
                fk => Unquote(fk.Groups["columns"].Value), fk => fk.Groups["name"].Value, StringComparer.Ordinal);
            var foreignKeyRows = new List<(long Id, long Seq, string Table, string From, string To, string OnDelete)>();
            await foreach (var f in QueryAsync(connection, "SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list($t)", [("$t", name)], ct))
            {
                foreignKeyRows.Add(((long)f[0]!, (long)f[1]!, (string)f[2]!, (string)f[3]!, (string)f[4]!, (string)f[5]!));
            }

            var foreignKeys = foreignKeyRows.GroupBy(f => f.Id).Select(g =>
            {
                var ordered = g.OrderBy(f => f.Seq).ToList();
                var from = ordered.Select(f => f.From).ToList();
                return new DatabaseSchema.ForeignKey(
                    foreignKeyNames.GetValueOrDefault(string.Join(", ", from)), from, ordered[0].Table, [.. ordered.Select(f => f.To)], ordered[0].OnDelete);
            }).OrderBy(f => string.Join(",", f.Columns), StringComparer.Ordinal).ToList();

            tables.Add(new(name, columns, key, indexes, foreignKeys));
        }

        return new(tables, await ReadRowsAsync(connection, tables, dataTables, ct));
    }

    private static async Task<DatabaseSchema> ReadPostgresAsync(string connectionString, IReadOnlyList<string> dataTables, CancellationToken ct)
    {
        // No pooling: the test database is dropped when the test ends.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);

        var columns = new Dictionary<string, List<DatabaseSchema.Column>>(StringComparer.Ordinal);
        const string columnsSql = """
            SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length, c.is_nullable, c.column_default,
                   CASE WHEN c.is_identity = 'YES' THEN c.identity_generation END
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """;
        await foreach (var c in QueryAsync(connection, columnsSql, [], ct))
        {
            var table = (string)c[0]!;
            if (IgnoredTables.Contains(table))
            {
                continue;
            }

            if (!columns.TryGetValue(table, out var list))
            {
                columns[table] = list = [];
            }

            list.Add(new((string)c[1]!, (string)c[2]!, c[3] is int length ? length : null, (string)c[4]! == "YES", (string?)c[5], (string?)c[6]));
        }

        var keys = new Dictionary<string, DatabaseSchema.PrimaryKey>(StringComparer.Ordinal);
        var foreignKeys = columns.Keys.ToDictionary(t => t, _ => new List<DatabaseSchema.ForeignKey>(), StringComparer.Ordinal);
        const string constraintsSql = """
            SELECT rel.relname::text, con.conname::text, con.contype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   frel.relname::text,
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   con.confdeltype::text
            FROM pg_constraint con
            JOIN pg_class rel ON rel.oid = con.conrelid
            JOIN pg_namespace ns ON ns.oid = rel.relnamespace
            LEFT JOIN pg_class frel ON frel.oid = con.confrelid
            WHERE ns.nspname = current_schema() AND con.contype IN ('p', 'f')
            ORDER BY rel.relname, con.conname
            """;
        await foreach (var k in QueryAsync(connection, constraintsSql, [], ct))
        {
            var table = (string)k[0]!;
            if (!columns.ContainsKey(table))
            {
                continue;
            }

            if ((string)k[2]! == "p")
            {
                keys[table] = new((string)k[1]!, (string[])k[3]!);
            }
            else
            {
                foreignKeys[table].Add(new((string)k[1]!, (string[])k[3]!, (string)k[4]!, (string[])k[5]!, PostgresAction((string)k[6]!)));
            }
        }

        var indexes = columns.Keys.ToDictionary(t => t, _ => new List<DatabaseSchema.Index>(), StringComparer.Ordinal);
        // pg_index rather than the pg_indexes view: it has the uniqueness and the predicate as data, not inside SQL text.
        const string indexesSql = """
            SELECT t.relname::text, i.relname::text, ix.indisunique,
                   ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) ||
                                CASE WHEN ix.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                         FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k),
                   pg_get_expr(ix.indpred, ix.indrelid)
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace ns ON ns.oid = t.relnamespace
            WHERE ns.nspname = current_schema() AND NOT ix.indisprimary
            ORDER BY t.relname, i.relname
            """;
        await foreach (var i in QueryAsync(connection, indexesSql, [], ct))
        {
            if (indexes.TryGetValue((string)i[0]!, out var list))
            {
                list.Add(new((string)i[1]!, [.. ((string[])i[3]!).Select(Unquote)], (bool)i[2]!, (string?)i[4]));
            }
        }

        var tables = columns.Keys.Order(StringComparer.Ordinal)
            .Select(t => new DatabaseSchema.Table(t, columns[t], keys.GetValueOrDefault(t), indexes[t], foreignKeys[t]))
            .ToList();
        return new(tables, await ReadRowsAsync(connection, tables, dataTables, ct));
    }

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadRowsAsync(
        DbConnection connection, IReadOnlyList<DatabaseSchema.Table> tables, IReadOnlyList<string> dataTables, CancellationToken ct)
    {
        var rows = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var name in dataTables)
        {
            var table = tables.FirstOrDefault(t => t.Name == name);
            if (table is null)
            {
                // A missing table is reported as such; no rows to compare.
                continue;
            }

            var orderBy = table.Key is null ? "1" : string.Join(", ", table.Key.Columns.Select(c => $"\"{c}\""));
            var list = new List<string>();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{name}\" ORDER BY {orderBy}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                // Columns by name, not position: column order is not part of the contract.
                var fields = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => (Name: reader.GetName(i), Value: FormatValue(reader.GetValue(i))))
                    .OrderBy(f => f.Name, StringComparer.Ordinal)
                    .Select(f => $"{f.Name}={f.Value}");
                list.Add(string.Join(", ", fields));
            }

            rows[name] = list;
        }

        return rows;
    }

    private static string FormatValue(object value) => value switch
    {
        DBNull => "NULL",
        // Quoted, so that SQLite storing '1' as text cannot pass for the integer 1.
        string text => $"'{text}'",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        bool b => b ? "true" : "false",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string PostgresAction(string code) => code switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => code,
    };

    private static string Unquote(string identifiers) => identifiers.Replace("\"", "", StringComparison.Ordinal);

    private static async IAsyncEnumerable<object?[]> QueryAsync(
        DbConnection connection, string sql, IReadOnlyList<(string Name, object Value)> parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return values;
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken ct)
    {
        await foreach (var row in QueryAsync(connection, sql, parameters, ct))
        {
            return row[0];
        }

        return null;
    }

    [GeneratedRegex("""CONSTRAINT\s+"(?<name>[^"]+)"\s+PRIMARY\s+KEY""", RegexOptions.IgnoreCase)]
    private static partial Regex SqlitePrimaryKeyName();

    [GeneratedRegex("""CONSTRAINT\s+"(?<name>[^"]+)"\s+FOREIGN\s+KEY\s*\((?<columns>[^)]*)\)""", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteForeignKeyName();
}
