namespace McpBridge.TestSupport.Databases;

/// <summary>The database engines the product supports; every database test runs on both.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
