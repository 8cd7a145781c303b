namespace McpBridge.Server.Tests.Data;

/// <summary>
/// Lists every difference between two schemas as one readable line each, e.g.
/// <c>server_events.Level: migration says character varying(32), model says character varying(16)</c>.
/// </summary>
internal static class DatabaseSchemaComparer
{
    public static IReadOnlyList<string> Compare(DatabaseSchema left, string leftName, DatabaseSchema right, string rightName)
    {
        var differences = new List<string>();

        void Differ(string where, object? leftValue, object? rightValue)
        {
            var l = leftValue?.ToString() ?? "nothing";
            var r = rightValue?.ToString() ?? "nothing";
            if (!string.Equals(l, r, StringComparison.Ordinal))
            {
                differences.Add($"{where}: {leftName} says {l}, {rightName} says {r}");
            }
        }

        void OnlyIn<T>(string what, IEnumerable<T> leftItems, IEnumerable<T> rightItems, Func<T, string> key, Action<T, T> both)
        {
            var rightByKey = rightItems.ToDictionary(key, StringComparer.Ordinal);
            var leftByKey = leftItems.ToDictionary(key, StringComparer.Ordinal);
            foreach (var (k, item) in leftByKey.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (rightByKey.TryGetValue(k, out var other))
                {
                    both(item, other);
                }
                else
                {
                    differences.Add($"{what} {k}: only the {leftName} has it ({item})");
                }
            }

            foreach (var (k, item) in rightByKey.OrderBy(p => p.Key, StringComparer.Ordinal).Where(p => !leftByKey.ContainsKey(p.Key)))
            {
                differences.Add($"{what} {k}: only the {rightName} has it ({item})");
            }
        }

        OnlyIn("table", left.Tables, right.Tables, t => t.Name, (lt, rt) =>
        {
            var table = lt.Name;
            OnlyIn("column", lt.Columns, rt.Columns, c => $"{table}.{c.Name}", (lc, rc) =>
            {
                var where = $"{table}.{lc.Name}";
                Differ(where, lc.DeclaredType, rc.DeclaredType);
                Differ(where, Nullability(lc), Nullability(rc));
                Differ($"{where} default", lc.Default, rc.Default);
                Differ($"{where} generated", lc.Identity, rc.Identity);
            });
            Differ($"{table} primary key", lt.Key, rt.Key);
            OnlyIn("index", lt.Indexes, rt.Indexes, i => $"{table}.{i.Name}", (li, ri) => Differ($"index {table}.{li.Name}", li, ri));
            // SQLite's catalog does not name foreign keys, so they are matched by their columns.
            OnlyIn("foreign key", lt.ForeignKeys, rt.ForeignKeys, f => $"{table}({string.Join(", ", f.Columns)})",
                (lf, rf) => Differ($"foreign key {table}({string.Join(", ", lf.Columns)})", lf, rf));
        });

        foreach (var table in left.Rows.Keys.Union(right.Rows.Keys).Order(StringComparer.Ordinal))
        {
            var leftRows = left.Rows.GetValueOrDefault(table) ?? [];
            var rightRows = right.Rows.GetValueOrDefault(table) ?? [];
            differences.AddRange(leftRows.Except(rightRows, StringComparer.Ordinal).Select(row => $"{table} row only in the {leftName}: {row}"));
            differences.AddRange(rightRows.Except(leftRows, StringComparer.Ordinal).Select(row => $"{table} row only in the {rightName}: {row}"));
        }

        return differences;
    }

    private static string Nullability(DatabaseSchema.Column column) => column.Nullable ? "NULL" : "NOT NULL";
}
