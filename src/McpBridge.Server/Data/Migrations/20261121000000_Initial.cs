using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace McpBridge.Server.Data.Migrations;

/// <summary>
/// The whole schema of <see cref="BridgeDbContext"/> and the seeded plans. Written by hand (no EF design-time tools
/// here) as ONE set of provider-agnostic operations: columns carry their CLR type and length, never a store type,
/// so SQLite and PostgreSQL each map them exactly as they map the model. MigrationsTests holds the two in agreement.
/// </summary>
[DbContext(typeof(BridgeDbContext))]
[Migration("20261121000000_Initial")]
internal sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "plans",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 32, nullable: false),
                Name = table.Column<string>(maxLength: 64, nullable: false),
                MaxServers = table.Column<int>(nullable: true),
                MaxToolsPerServer = table.Column<int>(nullable: true),
                MonthlyCalls = table.Column<long>(nullable: true),
                CallsPerMinute = table.Column<int>(nullable: true),
                PremiumConnectors = table.Column<bool>(nullable: false),
                SortOrder = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_plans", x => x.Id));

        migrationBuilder.CreateTable(
            name: "accounts",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: true),
                PlanId = table.Column<string>(maxLength: 32, nullable: false),
                IsAdmin = table.Column<bool>(nullable: false),
                GitHubUserId = table.Column<long>(nullable: true),
                GitHubLogin = table.Column<string>(maxLength: 100, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_accounts", x => x.Id);
                // Plans are reference data: deleting one that accounts are on must fail, not take the accounts with it.
                table.ForeignKey(
                    name: "FK_accounts_plans_PlanId",
                    column: x => x.PlanId,
                    principalTable: "plans",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "account_usage_monthly",
            columns: table => new
            {
                AccountId = table.Column<string>(maxLength: 40, nullable: false),
                Month = table.Column<string>(maxLength: 7, nullable: false),
                Calls = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_account_usage_monthly", x => new { x.AccountId, x.Month });
                table.ForeignKey(
                    name: "FK_account_usage_monthly_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "audit_log",
            columns: table => new
            {
                // Both providers' identity annotations: each provider reads its own and ignores the other's.
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                AccountId = table.Column<string>(maxLength: 40, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Actor = table.Column<string>(maxLength: 100, nullable: false),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                Target = table.Column<string>(maxLength: 100, nullable: true),
                Detail = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_log", x => x.Id);
                table.ForeignKey(
                    name: "FK_audit_log_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "servers",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                AccountId = table.Column<string>(maxLength: 40, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Slug = table.Column<string>(maxLength: 63, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                LiveVersion = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LastActiveAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_servers", x => x.Id);
                table.ForeignKey(
                    name: "FK_servers_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                AccountId = table.Column<string>(maxLength: 40, nullable: false),
                ServerId = table.Column<string>(maxLength: 40, nullable: true),
                Scope = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: true),
                Prefix = table.Column<string>(maxLength: 32, nullable: false),
                Hash = table.Column<byte[]>(maxLength: 32, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                LastUsedAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_api_keys", x => x.Id);
                table.ForeignKey(
                    name: "FK_api_keys_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_api_keys_servers_ServerId",
                    column: x => x.ServerId,
                    principalTable: "servers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "server_events",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ServerId = table.Column<string>(maxLength: 40, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Level = table.Column<string>(maxLength: 16, nullable: false),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                Tool = table.Column<string>(maxLength: 200, nullable: true),
                Message = table.Column<string>(maxLength: 2000, nullable: false),
                DurationMs = table.Column<double>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_server_events", x => x.Id);
                table.ForeignKey(
                    name: "FK_server_events_servers_ServerId",
                    column: x => x.ServerId,
                    principalTable: "servers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "server_tools",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                ServerId = table.Column<string>(maxLength: 40, nullable: false),
                ConnectorId = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 64, nullable: false),
                ConfigJson = table.Column<string>(nullable: false),
                SecretsProtected = table.Column<string>(nullable: true),
                Position = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_server_tools", x => x.Id);
                table.ForeignKey(
                    name: "FK_server_tools_servers_ServerId",
                    column: x => x.ServerId,
                    principalTable: "servers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "server_versions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ServerId = table.Column<string>(maxLength: 40, nullable: false),
                Version = table.Column<int>(nullable: false),
                SnapshotJson = table.Column<string>(nullable: false),
                ToolCount = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_server_versions", x => x.Id);
                table.ForeignKey(
                    name: "FK_server_versions_servers_ServerId",
                    column: x => x.ServerId,
                    principalTable: "servers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "usage_daily",
            columns: table => new
            {
                ServerId = table.Column<string>(maxLength: 40, nullable: false),
                Day = table.Column<DateOnly>(nullable: false),
                Tool = table.Column<string>(maxLength: 200, nullable: false),
                Calls = table.Column<long>(nullable: false),
                Errors = table.Column<long>(nullable: false),
                TotalMs = table.Column<double>(nullable: false),
                Histogram = table.Column<string>(maxLength: 400, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_usage_daily", x => new { x.ServerId, x.Day, x.Tool });
                table.ForeignKey(
                    name: "FK_usage_daily_servers_ServerId",
                    column: x => x.ServerId,
                    principalTable: "servers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        // The same rows as PlanConfiguration.Seed (HasData), which EnsureCreated inserts; MigrationsTests compares them.
        // Without a target model EF needs column types to write the literals; these standard SQL names mean the same
        // to SQLite (by affinity) and PostgreSQL. They only shape the INSERT's literals: the columns are created above.
        migrationBuilder.InsertData(
            table: "plans",
            columns: ["Id", "Name", "MaxServers", "MaxToolsPerServer", "MonthlyCalls", "CallsPerMinute", "PremiumConnectors", "SortOrder"],
            columnTypes: ["varchar(32)", "varchar(64)", "integer", "integer", "bigint", "integer", "boolean", "integer"],
            values: new object?[,]
            {
                { "free", "Free", 1, 2, 5_000L, 60, false, 0 },
                { "pro", "Pro", 3, 10, 100_000L, 600, true, 20 },
                { "team", "Team", 20, 50, 1_000_000L, 3_000, true, 30 },
                { "enterprise", "Enterprise", null, null, null, null, true, 50 },
            });

        // Indexes named as EF's conventions name them, so later migrations can refer to them by those names.
        migrationBuilder.CreateIndex(name: "IX_accounts_GitHubUserId", table: "accounts", column: "GitHubUserId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_accounts_PlanId", table: "accounts", column: "PlanId");
        migrationBuilder.CreateIndex(name: "IX_api_keys_AccountId_ServerId", table: "api_keys", columns: ["AccountId", "ServerId"]);
        migrationBuilder.CreateIndex(name: "IX_api_keys_Prefix", table: "api_keys", column: "Prefix", unique: true);
        migrationBuilder.CreateIndex(name: "IX_api_keys_ServerId", table: "api_keys", column: "ServerId");
        migrationBuilder.CreateIndex(name: "IX_audit_log_AccountId_Id", table: "audit_log", columns: ["AccountId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_server_events_ServerId_Id", table: "server_events", columns: ["ServerId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_server_tools_ServerId_Name", table: "server_tools", columns: ["ServerId", "Name"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_server_versions_ServerId_Version", table: "server_versions", columns: ["ServerId", "Version"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_servers_AccountId", table: "servers", column: "AccountId");
        migrationBuilder.CreateIndex(name: "IX_servers_Slug", table: "servers", column: "Slug", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Dependents before the tables they reference.
        migrationBuilder.DropTable(name: "account_usage_monthly");
        migrationBuilder.DropTable(name: "api_keys");
        migrationBuilder.DropTable(name: "audit_log");
        migrationBuilder.DropTable(name: "server_events");
        migrationBuilder.DropTable(name: "server_tools");
        migrationBuilder.DropTable(name: "server_versions");
        migrationBuilder.DropTable(name: "usage_daily");
        migrationBuilder.DropTable(name: "servers");
        migrationBuilder.DropTable(name: "accounts");
        migrationBuilder.DropTable(name: "plans");
    }
}
