using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace McpBridge.Server.Data.Migrations;

/// <summary>
/// Dashboard: the CLI's browser sign-ins (device flow). Hand-written like <see cref="Initial"/>: provider-agnostic
/// operations, CLR types, no store types.
/// </summary>
[DbContext(typeof(BridgeDbContext))]
[Migration("20261124000000_Dashboard")]
internal sealed class Dashboard : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "device_logins",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                DeviceCodeHash = table.Column<byte[]>(maxLength: 32, nullable: false),
                UserCode = table.Column<string>(maxLength: 8, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                ClientName = table.Column<string>(maxLength: 100, nullable: true),
                ClientAddress = table.Column<string>(maxLength: 64, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                LastPolledAt = table.Column<DateTime>(nullable: true),
                AccountId = table.Column<string>(maxLength: 40, nullable: true),
                ProtectedKey = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_device_logins", x => x.Id);
                table.ForeignKey(
                    name: "FK_device_logins_accounts_AccountId",
                    column: x => x.AccountId,
                    principalTable: "accounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_device_logins_DeviceCodeHash", table: "device_logins", column: "DeviceCodeHash", unique: true);
        migrationBuilder.CreateIndex(name: "IX_device_logins_UserCode", table: "device_logins", column: "UserCode");
        migrationBuilder.CreateIndex(name: "IX_device_logins_ExpiresAt", table: "device_logins", column: "ExpiresAt");
        migrationBuilder.CreateIndex(name: "IX_device_logins_AccountId", table: "device_logins", column: "AccountId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "device_logins");
}
