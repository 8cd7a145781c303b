using System.CommandLine;
using System.Text.Json.Nodes;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start postgres --connection ...</c>: a PostgreSQL database, read-only, as MCP tools with a public URL.</summary>
internal sealed class StartPostgresCommand : StartTypeCommand
{
    private static readonly Option<string?> s_connection = new("--connection")
    {
        Description = "The database (required): postgresql://user:password@host:5432/db, or Host=...;Database=...;Username=...;Password=... Queries run read-only.",
        HelpName = "URI",
    };

    public StartPostgresCommand(CliContext context)
        : base("postgres", "Serve a PostgreSQL database (schemas, tables, read-only queries) as MCP tools at a public URL.", context)
    {
        Options.Add(s_connection);
        Examples =
        [
            "mcp-bridge start postgres --connection \"postgresql://localhost:5432/shop\" --cloud",
            "mcp-bridge start postgres --connection \"Host=localhost;Database=shop;Username=reader;Password=...\" --temp",
        ];
    }

    protected override StartPlan? Plan(ParseResult parseResult, List<string> errors)
    {
        if (parseResult.GetValue(s_connection) is not { Length: > 0 } text)
        {
            errors.Add("--connection is required for postgres, e.g. --connection \"postgresql://user:password@localhost:5432/db\"");
            return null;
        }

        if (!PostgresConnectionText.TryNormalize(text, out var connectionString, out var database, out var error))
        {
            errors.Add(error);
            return null;
        }

        return new StartPlan
        {
            Type = Name,
            Title = "PostgreSQL",
            NameHint = database.Length > 0 ? database : "postgres",
            Source = new LocalSourceSpec(Name, LocalConnectors.Postgres(), new JsonObject { ["connectionString"] = connectionString }),

            // The tools are known without the database; a wrong password or a database that is down only shows on use.
            CheckTool = "list_schemas",
        };
    }
}
