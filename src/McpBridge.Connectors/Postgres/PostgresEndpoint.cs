using System.Collections.Concurrent;
using System.Net;
using McpBridge.Connectors.Egress;
using Npgsql;

namespace McpBridge.Connectors.Postgres;

/// <summary>
/// The database a postgres tool instance talks to. Its connection string is the user's, narrowed to settings that
/// only concern the connection (no host file paths such as Passfile or SSL Key, no Kerberos), and every connection
/// goes to an address the egress guard has vetted just before, not to whatever the name resolves to later.
/// </summary>
internal sealed class PostgresEndpoint : IAsyncDisposable
{
    /// <summary>Connection string settings a user may give (by Npgsql's canonical names, spaces removed, lower case).</summary>
    private static readonly HashSet<string> s_allowedSettings = new(StringComparer.Ordinal)
    {
        "host", "port", "database", "username", "password", "sslmode", "sslnegotiation", "trustservercertificate",
        "timeout", "commandtimeout", "applicationname", "searchpath", "clientencoding", "encoding", "timezone",
        "keepalive", "tcpkeepalive", "pooling", "minimumpoolsize", "maximumpoolsize", "connectionidlelifetime",
        "options", "targetsessionattributes", "maxautoprepare", "channelbinding",
    };

    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly EgressGuard _egress;
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _dataSources = new(StringComparer.Ordinal);

    private PostgresEndpoint(NpgsqlConnectionStringBuilder settings, EgressGuard egress)
    {
        _settings = settings;
        _egress = egress;
    }

    public string Host => _settings.Host!;

    public int Port => _settings.Port;

    /// <summary>The password, to scrub from anything shown (it should never appear, but driver messages are not ours).</summary>
    public string? Password => _settings.Password;

    /// <summary>Parses and narrows a user's connection string; the error, if any, never repeats any of its values.</summary>
    public static bool TryCreate(string connectionString, EgressGuard egress, out PostgresEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            error = "The connection string could not be parsed. Use the form Host=db.example.com;Port=5432;Database=app;Username=reader;Password=...";
            return false;
        }

        foreach (var key in settings.Keys)
        {
            if (!s_allowedSettings.Contains(key.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant()))
            {
                error = $"The connection string setting '{key}' is not allowed here. Allowed: Host, Port, Database, Username, Password, SSL Mode, Timeout, Command Timeout, Search Path, Application Name and other connection options.";
                return false;
            }
        }

        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            error = "The connection string must name a Host.";
            return false;
        }

        if (settings.Host.Contains(',', StringComparison.Ordinal))
        {
            error = "The connection string must name a single Host.";
            return false;
        }

        // Without an explicit password Npgsql would fall back to PGPASSWORD and ~/.pgpass of the machine running
        // the tool, and send the cloud's own credentials to the user's server. An unguessable one fails instead.
        settings.Password ??= Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        settings.GssEncryptionMode = GssEncryptionMode.Disable;
        settings.RequireAuth = "ScramSHA256,MD5,Password,None";
        endpoint = new PostgresEndpoint(settings, egress);
        error = null;
        return true;
    }

    /// <summary>Opens a connection to a vetted address of the host. Throws <see cref="EgressRefusedException"/> when the host may not be reached.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var host = Host;
        if (host.StartsWith('/') || host.StartsWith('@'))
        {
            if (!_egress.AllowsPrivateNetworks)
            {
                throw new EgressRefusedException("refusing to connect to a local Unix socket");
            }
        }
        else
        {
            var addresses = await _egress.EnsureAllowedAsync(host, Port, cancellationToken);

            // With full certificate verification the name must stay (it is what the certificate is checked against),
            // and a rebound address could not present a valid certificate for it anyway.
            if (_settings.SslMode != SslMode.VerifyFull)
            {
                host = FormatHost(addresses[0]);
            }
        }

        var dataSource = _dataSources.GetOrAdd(host, h =>
        {
            var settings = new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Host = h };
            return NpgsqlDataSource.Create(settings);
        });
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources.Values)
        {
            await dataSource.DisposeAsync();
        }

        _dataSources.Clear();
    }
}
