using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Postgres;
using McpBridge.Connectors.Tests.Harness;
using Npgsql;

namespace McpBridge.Connectors.Tests.Postgres;

public sealed class PostgresConnectorTests : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly PostgresDatabaseFixture _database;
    private readonly TempDirectory _data = new();

    public PostgresConnectorTests(PostgresDatabaseFixture database)
    {
        _database = database;
    }

    public void Dispose() => _data.Dispose();

    private async Task<McpTestHarness> StartAsync(JsonObject? config = null, EgressOptions? egress = null)
    {
        config ??= [];
        config["connectionString"] ??= _database.ConnectionString;
        var connector = new PostgresConnector(new EgressGuard(egress ?? new EgressOptions { AllowedHosts = [_database.HostAndPort] }));
        var source = await connector.CreateSourceAsync(ConnectorContexts.For(_data.Path, config), TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    [Fact]
    public async Task ListSchemas_ListsUserSchemas_WithoutSystemOnes()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("list_schemas");

        Assert.Equal("Schemas:\npublic\nsales", text);
    }

    [Fact]
    public async Task ListTables_ListsTablesAndViews()
    {
        await using var harness = await StartAsync();

        var publicTables = await harness.CallTextAsync("list_tables");
        var salesTables = await harness.CallTextAsync("list_tables", new { schema = "sales" });
        var none = await harness.CallTextAsync("list_tables", new { schema = "nope" });

        Assert.Equal("Tables in 'public':\nbig_orders (view)\ncustomers (table)\norders (table)\n", publicTables);
        Assert.Equal("Tables in 'sales':\nregions (table)\n", salesTables);
        Assert.StartsWith("The schema 'nope' has no tables", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeTable_ShowsColumnsKeysAndIndexes()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("describe_table", new { table = "orders" });

        Assert.Equal(
            """
            Table public.orders

            Columns:
            - id: bigint, not null
            - line: integer, not null
            - customer_id: integer, not null
            - total: numeric, nullable
            - paid: boolean, not null, default false
            - tags: _text, nullable

            Primary key: (id, line)

            Indexes:
            - orders_customer_idx: CREATE INDEX orders_customer_idx ON public.orders USING btree (customer_id)
            - orders_pkey: CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id, line)

            Foreign keys:
            - orders_customer_id_fkey: FOREIGN KEY (customer_id) REFERENCES customers(id)

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public async Task DescribeTable_ReportsMissingTable()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("describe_table", new { table = "nope", schema = "sales" });

        Assert.EndsWith("The table sales.nope does not exist, or this user cannot see it. Use list_tables to see the tables.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ReturnsRowsAsJsonLines()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("query", new { sql = "SELECT o.id, c.name, o.total, o.paid, o.tags, c.created FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.id, o.line" });

        Assert.Equal(
            """
            Columns: id (bigint), name (text), total (numeric(10, 2)), paid (boolean), tags (text[]), created (date)
            Rows (3):
            {"id":1,"name":"Ada","total":250.50,"paid":true,"tags":["rush","gift"],"created":"2026-01-02"}
            {"id":1,"name":"Ada","total":10.00,"paid":false,"tags":null,"created":"2026-01-02"}
            {"id":2,"name":"Grace","total":99.99,"paid":false,"tags":[],"created":"2026-01-02"}
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public async Task Query_StopsAtMaxRows_WithoutReadingTheRest()
    {
        // A billion streamed rows: draining them (what disposing a reader does) would last until the 60 s
        // statement timeout, so an answer well before that shows the tool stopped the statement instead.
        await using var harness = await StartAsync(new JsonObject { ["maxRows"] = 3, ["statementTimeoutSeconds"] = 60 });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var text = await harness.CallTextAsync("query", new { sql = "SELECT 1 AS n FROM generate_series(1, 100000) a, generate_series(1, 10000) b" });

        Assert.Equal(
            "Columns: n (integer)\nRows (3, truncated):\n{\"n\":1}\n{\"n\":1}\n{\"n\":1}\n[Truncated: only the first 3 rows are returned. Add a LIMIT, a WHERE clause or an aggregate to see the rest.]",
            text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("INSERT INTO customers (name) VALUES ('Mallory')")]
    [InlineData("UPDATE customers SET name = 'x'")]
    [InlineData("DELETE FROM customers")]
    [InlineData("WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d")]
    [InlineData("CREATE TABLE evil (x int)")]
    public async Task Query_RefusesWrites_WithReadOnlyError(string sql)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("query", new { sql });

        Assert.Contains("PostgreSQL error 25006: cannot execute", error, StringComparison.Ordinal);
        Assert.Contains("in a read-only transaction", error, StringComparison.Ordinal);
        Assert.Contains("This tool only reads", error, StringComparison.Ordinal);
        Assert.Equal(3, await _database.CountAsync("customers"));
    }

    [Theory]
    [InlineData("COMMIT; DELETE FROM customers")]
    [InlineData("ROLLBACK; INSERT INTO customers (name) VALUES ('Mallory')")]
    [InlineData("SELECT 1; DELETE FROM customers")]
    public async Task Query_RefusesMultipleStatements_SoTheTransactionCannotBeEnded(string sql)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("query", new { sql });

        Assert.Contains("PostgreSQL error 42601: cannot insert multiple commands into a prepared statement", error, StringComparison.Ordinal);
        Assert.Contains("Send one statement per call.", error, StringComparison.Ordinal);
        Assert.Equal(3, await _database.CountAsync("customers"));
    }

    [Fact]
    public async Task Query_IsCancelled_AfterStatementTimeout()
    {
        await using var harness = await StartAsync(new JsonObject { ["statementTimeoutSeconds"] = 1 });

        var error = await harness.CallErrorAsync("query", new { sql = "SELECT pg_sleep(10)" });

        Assert.Contains("PostgreSQL error 57014", error, StringComparison.Ordinal);
        Assert.Contains("ran longer than 1 s and was cancelled", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ShowsSyntaxErrorsWithPosition()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("query", new { sql = "SELEC 1" });

        Assert.Contains("PostgreSQL error 42601: syntax error at or near \"SELEC\"", error, StringComparison.Ordinal);
        Assert.Contains("At character 1 of the statement.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_RefuseLoopbackDatabase_WithDefaultEgress()
    {
        await using var harness = await StartAsync(egress: new EgressOptions());

        var error = await harness.CallErrorAsync("list_schemas");

        Assert.Contains($"Cannot connect to the database: refusing to connect to {_database.Admin.Host}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_NeverContainThePassword()
    {
        var password = "Wr0ng-" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = password }.ConnectionString;
        await using var harness = await StartAsync(new JsonObject { ["connectionString"] = connectionString });

        var error = await harness.CallErrorAsync("query", new { sql = "SELECT 1" });

        Assert.Contains("PostgreSQL error 28P01", error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_DoesNotFallBackToHostPasswordSources_WhenPasswordIsMissing()
    {
        // PGPASSWORD of the process running the tools holds the real password here: a connection string without a
        // password must not pick it up (on a cloud host it would be the cloud's own database password).
        var withoutPassword = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = null }.ConnectionString;
        var previous = Environment.GetEnvironmentVariable("PGPASSWORD");
        Environment.SetEnvironmentVariable("PGPASSWORD", _database.Admin.Password);
        try
        {
            await using var harness = await StartAsync(new JsonObject { ["connectionString"] = withoutPassword });

            var error = await harness.CallErrorAsync("list_schemas");

            Assert.Contains("PostgreSQL error 28P01", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", previous);
        }
    }

    [Theory]
    [InlineData("Host=db.example.com;Passfile=/etc/passwd", "'Passfile'")]
    [InlineData("Host=db.example.com;SSL Key=/root/.ssh/id_rsa;Password=hunter22", "'SSL Key'")]
    [InlineData("Host=db.example.com;Kerberos Service Name=x", "'Kerberos Service Name'")]
    [InlineData("Host=a,b;Password=hunter22", "single Host")]
    [InlineData("Database=x;Password=hunter22", "must name a Host")]
    [InlineData("Host=x;Password='hunter22", "could not be parsed")]
    public async Task CreateSource_RejectsUnsafeConnectionStrings_WithoutEchoingThem(string connectionString, string expected)
    {
        var connector = new PostgresConnector(new EgressGuard(new EgressOptions()));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(
            ConnectorContexts.For(_data.Path, new JsonObject { ["connectionString"] = connectionString }), TestTimeouts.Token()).AsTask());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/passwd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_MarksConnectionStringSecret_AndValidatesLimits()
    {
        var schema = new PostgresConnector(new EgressGuard(new EgressOptions())).ConfigSchema;

        var good = ConfigValidation.Validate(schema, new JsonObject { ["connectionString"] = "Host=x", ["maxRows"] = 5000 });
        var bad = ConfigValidation.Validate(schema, new JsonObject { ["maxRows"] = 5001, ["statementTimeoutSeconds"] = 0 });
        var masked = ConfigValidation.Mask(good.Normalized, schema);

        Assert.True(good.IsValid);
        Assert.Equal(15, good.Normalized["statementTimeoutSeconds"]!.GetValue<long>());
        Assert.Equal(["connectionString"], ConfigValidation.SecretFields(schema));
        Assert.Equal(ConfigValidation.MaskedValue, masked["connectionString"]!.GetValue<string>());
        Assert.Equal(["is required"], bad.Errors["connectionString"]);
        Assert.Equal(["must be an integer between 1 and 5000"], bad.Errors["maxRows"]);
        Assert.Equal(["must be an integer between 1 and 300"], bad.Errors["statementTimeoutSeconds"]);
    }
}
