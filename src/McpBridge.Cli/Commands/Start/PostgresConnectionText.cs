using System.Diagnostics.CodeAnalysis;
using McpBridge.Server.Data;
using Npgsql;

namespace McpBridge.Cli.Commands.Start;

/// <summary>
/// <c>--connection</c> as the postgres connector needs it: an Npgsql keyword string. Accepts the URI form people copy
/// from their tools (<c>postgresql://user:pass@localhost:5432/db?sslmode=disable</c>) and the keyword form, with the
/// same parser <c>serve --db</c> uses. Messages never repeat the text (it may hold a password).
/// </summary>
internal static class PostgresConnectionText
{
    private const string Forms = "postgresql://user:password@localhost:5432/database or \"Host=localhost;Database=database;Username=user;Password=...\"";

    public static bool TryNormalize(string text, [NotNullWhen(true)] out string? connectionString, out string database, [NotNullWhen(false)] out string? error)
    {
        connectionString = null;
        database = string.Empty;
        DatabaseConnectionString parsed;
        try
        {
            parsed = DatabaseConnectionString.Parse(text);
        }
        catch (DatabaseConfigurationException)
        {
            error = $"--connection is not a PostgreSQL URI or connection string; use {Forms}";
            return false;
        }

        if (parsed.Kind != DatabaseKind.Postgres)
        {
            error = $"--connection names a SQLite database; use {Forms}";
            return false;
        }

        connectionString = parsed.Value;
        database = new NpgsqlConnectionStringBuilder(parsed.Value).Database ?? string.Empty;
        error = null;
        return true;
    }
}
