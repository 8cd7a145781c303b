namespace McpBridge.Server.Tests.Data;

public sealed class DatabaseSchemaComparerTests
{
    private static readonly DatabaseSchema Baseline = Schema(
        Table(
            "server_events",
            [Column("Id", "bigint", identity: "BY DEFAULT"), Column("ServerId", "character varying", 40), Column("Level", "character varying", 16), Column("Tool", "text", nullable: true)],
            indexes: [new("IX_server_events_ServerId_Id", ["ServerId", "Id"], false, null)],
            foreignKeys: [new("FK_server_events_servers_ServerId", ["ServerId"], "servers", ["Id"], "CASCADE")]),
        Table("servers", [Column("Id", "character varying", 40)]));

    [Fact]
    public void Compare_ReturnsNothing_ForEqualSchemas()
    {
        var copy = Schema(Baseline.Tables.Reverse().ToArray());

        Assert.Empty(DatabaseSchemaComparer.Compare(Baseline, "migration", copy, "model"));
    }

    [Fact]
    public void Compare_ReportsEveryDifference_WhenSchemasDiffer()
    {
        var changed = Schema(
            Table(
                "server_events",
                [
                    Column("Id", "bigint"),
                    Column("ServerId", "character varying", 40, defaultValue: "''::character varying"),
                    Column("Level", "character varying", 32),
                    Column("Tool", "text"),
                    Column("Kind", "character varying", 32),
                ],
                key: ["Id", "ServerId"],
                indexes: [new("IX_server_events_ServerId_Id", ["ServerId", "Id"], true, null), new("IX_server_events_At", ["At"], false, "\"At\" > now()")],
                foreignKeys: [new("FK_server_events_servers_ServerId", ["ServerId"], "servers", ["Id"], "RESTRICT")]),
            Table("accounts", [Column("Id", "character varying", 40)]));

        var differences = DatabaseSchemaComparer.Compare(Baseline, "migration", changed, "model");

        Assert.Equal(
            [
                "column server_events.Kind: only the model has it (character varying(32) NOT NULL)",
                "foreign key server_events(ServerId): migration says FK_server_events_servers_ServerId (ServerId) -> servers(Id) ON DELETE CASCADE, model says FK_server_events_servers_ServerId (ServerId) -> servers(Id) ON DELETE RESTRICT",
                "index server_events.IX_server_events_At: only the model has it ((At) WHERE \"At\" > now())",
                "index server_events.IX_server_events_ServerId_Id: migration says (ServerId, Id), model says UNIQUE (ServerId, Id)",
                "server_events primary key: migration says PK_server_events (Id), model says PK_server_events (Id, ServerId)",
                "server_events.Id generated: migration says BY DEFAULT, model says nothing",
                "server_events.Level: migration says character varying(16), model says character varying(32)",
                "server_events.ServerId default: migration says nothing, model says ''::character varying",
                "server_events.Tool: migration says NULL, model says NOT NULL",
                "table accounts: only the model has it (1 columns)",
                "table servers: only the migration has it (1 columns)",
            ],
            differences.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compare_ReportsRows_OnlyInOneSchema()
    {
        var left = Baseline with { Rows = new Dictionary<string, IReadOnlyList<string>> { ["plans"] = ["Id=free, SortOrder=0", "Id=pro, SortOrder=20"] } };
        var right = Baseline with { Rows = new Dictionary<string, IReadOnlyList<string>> { ["plans"] = ["Id=free, SortOrder=0", "Id=pro, SortOrder=21"] } };

        var differences = DatabaseSchemaComparer.Compare(left, "migration", right, "model");

        Assert.Equal(["plans row only in the migration: Id=pro, SortOrder=20", "plans row only in the model: Id=pro, SortOrder=21"], differences);
    }

    private static DatabaseSchema Schema(params DatabaseSchema.Table[] tables) => DatabaseSchema.Empty with { Tables = tables };

    private static DatabaseSchema.Table Table(
        string name,
        DatabaseSchema.Column[] columns,
        string[]? key = null,
        DatabaseSchema.Index[]? indexes = null,
        DatabaseSchema.ForeignKey[]? foreignKeys = null) =>
        new(name, columns, new($"PK_{name}", key ?? ["Id"]), indexes ?? [], foreignKeys ?? []);

    private static DatabaseSchema.Column Column(
        string name, string type, int? maxLength = null, bool nullable = false, string? defaultValue = null, string? identity = null) =>
        new(name, type, maxLength, nullable, defaultValue, identity);
}
