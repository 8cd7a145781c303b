using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpBridge.Server.Data;

/// <summary>
/// A connection string classified by engine and normalised for its ADO.NET provider: SQLite keyword strings
/// (<c>Data Source=...</c>), Npgsql keyword strings (<c>Host=...</c>) and PostgreSQL URIs
/// (<c>postgres://user:pass@host:5432/db?sslmode=require</c>, the form hosting platforms hand out).
/// </summary>
internal sealed record DatabaseConnectionString(DatabaseKind Kind, string Value)
{
    /// <summary>What the error messages list as accepted; no user input is ever echoed (it may hold a password).</summary>
    internal const string AcceptedForms =
        "a SQLite connection string ('Data Source=path/to/mcp-bridge.db'), an Npgsql connection string " +
        "('Host=db.example.com;Port=5432;Database=mcp_bridge;Username=...;Password=...') or a PostgreSQL URI " +
        "('postgres://user:password@host:5432/database?sslmode=require', also 'postgresql://')";

    // Default Timeout is also what Microsoft.Data.Sqlite retries SQLITE_BUSY for; the pragma makes SQLite itself wait as long.
    private const int SqliteDefaultTimeoutSeconds = 30;

    // libpq URI parameters and the Npgsql keywords they mean. Others are passed through and must be Npgsql keywords.
    private static readonly Dictionary<string, string> UriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["port"] = "Port",
        ["host"] = "Host",
    };

    /// <summary>Where the database is, for messages: the SQLite file or PostgreSQL's host:port. Never a password.</summary>
    public string Location => Kind switch
    {
        DatabaseKind.Sqlite => new SqliteConnectionStringBuilder(Value).DataSource,
        _ => FormatHostPort(new NpgsqlConnectionStringBuilder(Value)),
    };

    /// <summary>Classifies and normalises <paramref name="connectionString"/>.</summary>
    /// <exception cref="DatabaseConfigurationException">It is none of the accepted forms.</exception>
    public static DatabaseConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (text.Length == 0)
        {
            throw new DatabaseConfigurationException($"The database connection string is empty. Use {AcceptedForms}.");
        }

        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseKind.Postgres, FromPostgresUri(text));
        }

        var keywords = new DbConnectionStringBuilder();
        try
        {
            keywords.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the offending text, which may be a password: say only what is accepted.
            throw new DatabaseConfigurationException(
                $"The database connection string is not a keyword string or a PostgreSQL URI. Use {AcceptedForms}.");
        }

        if (keywords.ContainsKey("Data Source") || keywords.ContainsKey("DataSource") || keywords.ContainsKey("Filename"))
        {
            return new(DatabaseKind.Sqlite, NormaliseSqlite(text));
        }

        if (keywords.ContainsKey("Host"))
        {
            return new(DatabaseKind.Postgres, NormaliseNpgsql(text));
        }

        throw new DatabaseConfigurationException(
            $"The database connection string has neither 'Data Source' (SQLite) nor 'Host' (PostgreSQL). Use {AcceptedForms}.");
    }

    private static string NormaliseSqlite(string text)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new DatabaseConfigurationException($"The SQLite connection string is not valid: {ex.Message}");
        }

        if (!builder.ContainsKey("Default Timeout") && !builder.ContainsKey("DefaultTimeout") && !builder.ContainsKey("Command Timeout"))
        {
            builder.DefaultTimeout = SqliteDefaultTimeoutSeconds;
        }

        // Microsoft.Data.Sqlite runs PRAGMA foreign_keys on open when this is set: cascades depend on it.
        builder.ForeignKeys = true;
        return builder.ConnectionString;
    }

    private static string NormaliseNpgsql(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text).ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            // Npgsql names the keyword, not its value.
            throw new DatabaseConfigurationException($"The PostgreSQL connection string is not valid: {ex.Message} Use {AcceptedForms}.");
        }
    }

    private static string FromPostgresUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new DatabaseConfigurationException(
                $"The PostgreSQL URI is not valid (one host only; percent-encode special characters in the user and password). Use {AcceptedForms}.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            // Uri keeps IPv6 brackets in Host; Npgsql wants the bare address.
            Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var (name, value) in QueryParameters(uri.Query))
        {
            var keyword = UriParameters.GetValueOrDefault(name, name);
            try
            {
                builder[keyword] = keyword == "SSL Mode" ? LibpqSslMode(value) : value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new DatabaseConfigurationException(
                    $"The PostgreSQL URI parameter '{name}' is not supported or has an invalid value. Use {AcceptedForms}.");
            }
        }

        return builder.ConnectionString;
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            yield return (name, value);
        }
    }

    // libpq spells the modes verify-ca / verify-full; Npgsql's enum is VerifyCA / VerifyFull.
    private static string LibpqSslMode(string value) =>
        value.Replace("-", "", StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture) switch
        {
            "disable" => "Disable",
            "allow" => "Allow",
            "prefer" => "Prefer",
            "require" => "Require",
            "verifyca" => "VerifyCA",
            "verifyfull" => "VerifyFull",
            _ => throw new FormatException("unknown sslmode"),
        };

    private static string FormatHostPort(NpgsqlConnectionStringBuilder builder)
    {
        var host = builder.Host ?? "localhost";
        // A list of hosts carries its own ports; only a single host gets the Port keyword appended.
        return host.Contains(',', StringComparison.Ordinal) ? host : $"{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
    }
}
