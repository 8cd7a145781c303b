using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Postgres;

/// <summary>Read-only access to a PostgreSQL database: browse schemas and tables, run queries that cannot write.</summary>
public sealed class PostgresConnector : IConnector
{
    public const string ConnectorId = "postgres";

    private static readonly JsonObject s_schema = ConfigSchemaBuilder.Object(
        new JsonObject
        {
            ["connectionString"] = ConfigSchemaBuilder.String(
                "Connection string",
                "Npgsql connection string, e.g. Host=db.example.com;Port=5432;Database=app;Username=reader;Password=... A user with read-only grants is best.",
                secret: true,
                minLength: 1,
                maxLength: 4000),
            ["maxRows"] = ConfigSchemaBuilder.Integer("Maximum rows", "The most rows one query returns.", 100, 1, 5000),
            ["statementTimeoutSeconds"] = ConfigSchemaBuilder.Integer("Statement timeout (seconds)", "How long one statement may run before the database cancels it.", 15, 1, 300),
        },
        "connectionString");

    private readonly EgressGuard _egress;

    public PostgresConnector(EgressGuard egress)
    {
        _egress = egress;
    }

    public string Id => ConnectorId;

    public string Name => "PostgreSQL";

    public string Description => "Explore a PostgreSQL database and run read-only SQL queries: schemas, tables, columns, indexes and query results.";

    public string Category => ConnectorCategories.Databases;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => PostgresTools.All;

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(s_schema, context.Config, Id);
        if (!PostgresEndpoint.TryCreate(config.GetString("connectionString")!, _egress, out var endpoint, out var error))
        {
            throw new ArgumentException(error, nameof(context));
        }

        var tools = new PostgresTools(
            endpoint!,
            (int)config.GetInteger("maxRows", 100),
            (int)config.GetInteger("statementTimeoutSeconds", 15));
        return new ValueTask<IMcpSource>(new InProcessSource(tools.CreateTools(), dispose: endpoint!.DisposeAsync));
    }
}
