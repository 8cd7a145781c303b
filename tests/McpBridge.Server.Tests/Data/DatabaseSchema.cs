namespace McpBridge.Server.Tests.Data;

/// <summary>A database's schema as its catalog reports it, plus the rows of chosen tables, in a provider-neutral shape.</summary>
internal sealed record DatabaseSchema(IReadOnlyList<DatabaseSchema.Table> Tables, IReadOnlyDictionary<string, IReadOnlyList<string>> Rows)
{
    public static DatabaseSchema Empty { get; } = new([], new Dictionary<string, IReadOnlyList<string>>());

    internal sealed record Table(
        string Name,
        IReadOnlyList<Column> Columns,
        PrimaryKey? Key,
        IReadOnlyList<Index> Indexes,
        IReadOnlyList<ForeignKey> ForeignKeys)
    {
        public override string ToString() => $"{Columns.Count} columns";
    }

    /// <param name="Type">The store type without its length (<c>character varying</c>, <c>TEXT</c>).</param>
    /// <param name="Identity">How the database generates values (<c>AUTOINCREMENT</c>, <c>BY DEFAULT</c>), or null.</param>
    internal sealed record Column(string Name, string Type, int? MaxLength, bool Nullable, string? Default, string? Identity)
    {
        public string DeclaredType => MaxLength is { } length ? $"{Type}({length})" : Type;

        public override string ToString() =>
            $"{DeclaredType} {(Nullable ? "NULL" : "NOT NULL")}{(Default is null ? "" : $" DEFAULT {Default}")}{(Identity is null ? "" : $" GENERATED {Identity}")}";
    }

    internal sealed record PrimaryKey(string? Name, IReadOnlyList<string> Columns)
    {
        public override string ToString() => $"{Name ?? "(unnamed)"} ({string.Join(", ", Columns)})";
    }

    internal sealed record Index(string Name, IReadOnlyList<string> Columns, bool Unique, string? Filter)
    {
        public override string ToString() =>
            $"{(Unique ? "UNIQUE " : "")}({string.Join(", ", Columns)}){(Filter is null ? "" : $" WHERE {Filter}")}";
    }

    /// <param name="Name">The constraint name; SQLite's catalog only has it in the table's SQL.</param>
    /// <param name="OnDelete">CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION.</param>
    internal sealed record ForeignKey(string? Name, IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns, string OnDelete)
    {
        public override string ToString() =>
            $"{Name ?? "(unnamed)"} ({string.Join(", ", Columns)}) -> {PrincipalTable}({string.Join(", ", PrincipalColumns)}) ON DELETE {OnDelete}";
    }
}
