using Npgsql;

namespace McpBridge.Connectors.Tests.Postgres;

/// <summary>
/// A throwaway database on a real PostgreSQL server (env <c>MCPB_TEST_POSTGRES</c>, default
/// <c>Host=127.0.0.1;Username=postgres;Password=postgres</c>), created with sample tables and dropped afterwards.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public PostgresDatabaseFixture()
    {
        Admin = new NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable("MCPB_TEST_POSTGRES") is { Length: > 0 } configured
                ? configured
                : "Host=127.0.0.1;Username=postgres;Password=postgres");
        DatabaseName = "mcpb_connectors_" + Guid.NewGuid().ToString("N")[..12];
        ConnectionString = new NpgsqlConnectionStringBuilder(Admin.ConnectionString) { Database = DatabaseName, Pooling = false }.ConnectionString;
    }

    public NpgsqlConnectionStringBuilder Admin { get; }

    public string DatabaseName { get; }

    /// <summary>Connects to the throwaway database with the admin credentials.</summary>
    public string ConnectionString { get; }

    public string HostAndPort => $"{Admin.Host}:{Admin.Port}";

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(Admin.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var setup = new NpgsqlCommand("""
            CREATE SCHEMA sales;
            CREATE TABLE customers (
                id serial PRIMARY KEY,
                name text NOT NULL,
                email varchar(200),
                created date NOT NULL DEFAULT '2026-01-02'
            );
            CREATE TABLE orders (
                id bigint NOT NULL,
                line int NOT NULL,
                customer_id int NOT NULL REFERENCES customers(id),
                total numeric(10,2),
                paid boolean NOT NULL DEFAULT false,
                tags text[],
                PRIMARY KEY (id, line)
            );
            CREATE INDEX orders_customer_idx ON orders (customer_id);
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
            CREATE TABLE sales.regions (code char(2) PRIMARY KEY);
            INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com'), ('Grace', NULL), ('Linus', 'linus@example.com');
            INSERT INTO orders VALUES (1, 1, 1, 250.50, true, ARRAY['rush','gift']), (1, 2, 1, 10, false, NULL), (2, 1, 2, 99.99, false, '{}');
            """, connection);
        await setup.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
