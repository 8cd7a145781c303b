using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace McpBridge.Server.Data.Migrations;

/// <summary>
/// Tunnels: the plans' tunnel limits, the Starter and Developer plans, reserved and temporary tunnel names, and
/// per-day tunnel usage. Hand-written like <see cref="Initial"/>: provider-agnostic operations, CLR types, no store types.
/// </summary>
[DbContext(typeof(BridgeDbContext))]
[Migration("20261122000000_Tunnels")]
internal sealed class Tunnels : Migration
{
    // Without a target model EF needs column types to write literals (see Initial): standard names both providers read.
    private static readonly string[] s_limitColumns = ["MaxPersistentTunnels", "MaxTemporaryTunnels", "MonthlyTunnelRequests"];
    private static readonly string[] s_limitTypes = ["integer", "integer", "bigint"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "MaxPersistentTunnels", table: "plans", nullable: true);
        migrationBuilder.AddColumn<int>(name: "MaxTemporaryTunnels", table: "plans", nullable: true);
        migrationBuilder.AddColumn<long>(name: "MonthlyTunnelRequests", table: "plans", nullable: true);

        // The same values as PlanConfiguration.Seed; MigrationsTests compares the rows.
        UpdatePlan(migrationBuilder, "free", 0, 1, 1_000L);
        UpdatePlan(migrationBuilder, "pro", 3, 3, 100_000L);
        UpdatePlan(migrationBuilder, "team", 10, 10, null);
        UpdatePlan(migrationBuilder, "enterprise", null, null, null);
        migrationBuilder.InsertData(
            table: "plans",
            columns: ["Id", "Name", "MaxServers", "MaxToolsPerServer", "MonthlyCalls", "CallsPerMinute", "PremiumConnectors", "SortOrder", .. s_limitColumns],
            columnTypes: ["varchar(32)", "varchar(64)", "integer", "integer", "bigint", "integer", "boolean", "integer", .. s_limitTypes],
            values: new object?[,]
            {
                { "starter", "Starter", 2, 5, 25_000L, 200, false, 10, 1, 2, 10_000L },
                { "developer", "Developer", 50, 50, 2_000_000L, 6_000, true, 40, 50, 50, null },
            });

        migrationBuilder.CreateTable(
            name: "tunnel_names",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                Name = table.Column<string>(maxLength: 63, nullable: false),
                AccountId = table.Column<string>(maxLength: 40, nullable: true),
                Temporary = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                ResumeTokenHash = table.Column<byte[]>(maxLength: 32, nullable: true),
                CreatorAddress = table.Column<string>(maxLength: 64, nullable: true),
                LastConnectedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_tunnel_names", x => x.Id);
                table.ForeignKey(
                    name: "FK_tunnel_names_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "tunnel_usage_daily",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TunnelName = table.Column<string>(maxLength: 63, nullable: false),
                AccountId = table.Column<string>(maxLength: 40, nullable: true),
                Day = table.Column<DateOnly>(nullable: false),
                Requests = table.Column<long>(nullable: false),
                Errors = table.Column<long>(nullable: false),
                BytesIn = table.Column<long>(nullable: false),
                BytesOut = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_tunnel_usage_daily", x => x.Id);
                table.ForeignKey(
                    name: "FK_tunnel_usage_daily_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_tunnel_names_Name", table: "tunnel_names", column: "Name", unique: true);
        migrationBuilder.CreateIndex(name: "IX_tunnel_names_AccountId", table: "tunnel_names", column: "AccountId");
        migrationBuilder.CreateIndex(name: "IX_tunnel_names_ResumeTokenHash", table: "tunnel_names", column: "ResumeTokenHash");
        migrationBuilder.CreateIndex(name: "IX_tunnel_names_CreatorAddress_CreatedAt", table: "tunnel_names", columns: ["CreatorAddress", "CreatedAt"]);
        migrationBuilder.CreateIndex(name: "IX_tunnel_names_ExpiresAt", table: "tunnel_names", column: "ExpiresAt");
        migrationBuilder.CreateIndex(name: "IX_tunnel_usage_daily_TunnelName_Day", table: "tunnel_usage_daily", columns: ["TunnelName", "Day"]);
        migrationBuilder.CreateIndex(name: "IX_tunnel_usage_daily_AccountId_Day", table: "tunnel_usage_daily", columns: ["AccountId", "Day"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "tunnel_usage_daily");
        migrationBuilder.DropTable(name: "tunnel_names");

        // Fails while accounts are on these plans (plans are restricted): move them to another plan first.
        migrationBuilder.DeleteData(table: "plans", keyColumn: "Id", keyColumnType: "varchar(32)", keyValues: ["starter", "developer"]);
        foreach (var column in s_limitColumns)
        {
            // EF rebuilds SQLite tables to drop a column, which needs a target model these migrations do not have;
            // SQLite has had ALTER TABLE ... DROP COLUMN itself since 3.35.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"ALTER TABLE \"plans\" DROP COLUMN \"{column}\";");
            }
            else
            {
                migrationBuilder.DropColumn(name: column, table: "plans");
            }
        }
    }

    private static void UpdatePlan(MigrationBuilder migrationBuilder, string id, int? persistent, int? temporary, long? monthlyRequests) =>
        migrationBuilder.UpdateData(
            table: "plans",
            keyColumns: ["Id"],
            keyColumnTypes: ["varchar(32)"],
            keyValues: [id],
            columns: s_limitColumns,
            columnTypes: s_limitTypes,
            values: new object?[] { persistent, temporary, monthlyRequests }!); // null: unlimited
}
