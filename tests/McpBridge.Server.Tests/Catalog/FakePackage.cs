using McpBridge.Protocol.Api;

namespace McpBridge.Server.Tests.Catalog;

/// <summary>An admin package made of the connector tests' fake MCP server: a real Node child process, no npm.</summary>
internal static class FakePackage
{
    public static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Catalog", "fake-mcp-server.js");

    /// <summary>The tools the fake server offers, in its order.</summary>
    public static readonly string[] Tools = ["env", "pid", "cwd", "args", "stderr", "crash"];

    public static AddCatalogPackageRequest Request(string id = "fake") => new(
        id,
        "Fake package",
        "A fake stdio MCP server for tests.",
        "Developer tools",
        Premium: false,
        "node",
        [Script],
        new Dictionary<string, CatalogPackageVariable>
        {
            ["FAKE_TOKEN"] = new("An API token.", Required: true, Secret: true),
        });
}
