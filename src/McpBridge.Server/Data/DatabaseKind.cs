namespace McpBridge.Server.Data;

/// <summary>The database engines the cloud stores its data in.</summary>
internal enum DatabaseKind
{
    Sqlite,
    Postgres,
}
