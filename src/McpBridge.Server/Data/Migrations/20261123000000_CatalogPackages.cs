using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace McpBridge.Server.Data.Migrations;

/// <summary>
/// Stdio packages administrators add to the catalog at run time, with the tools their dry run found. Hand-written
/// like <see cref="Initial"/>: provider-agnostic operations, CLR types, no store types.
/// </summary>
[DbContext(typeof(BridgeDbContext))]
[Migration("20261123000000_CatalogPackages")]
internal sealed class CatalogPackages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "catalog_packages",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: true),
                Description = table.Column<string>(maxLength: 500, nullable: false),
                Category = table.Column<string>(maxLength: 40, nullable: false),
                Premium = table.Column<bool>(nullable: false),
                Command = table.Column<string>(maxLength: 260, nullable: false),
                ArgsJson = table.Column<string>(nullable: false),
                EnvJson = table.Column<string>(nullable: false),
                MaxProcesses = table.Column<int>(nullable: false),
                AddedBy = table.Column<string>(maxLength: 40, nullable: false),
                AddedAt = table.Column<DateTime>(nullable: false),
                ToolsJson = table.Column<string>(nullable: true),
                ToolsLearnedAt = table.Column<DateTime>(nullable: true),
                DryRunError = table.Column<string>(maxLength: 1000, nullable: true),
                DryRunAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_catalog_packages", x => x.Id));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(name: "catalog_packages");
}
