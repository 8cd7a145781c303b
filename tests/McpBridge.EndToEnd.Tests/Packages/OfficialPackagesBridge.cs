using System.Net;
using System.Net.Http.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.EndToEnd.Tests.Packages;

/// <summary>
/// A running gateway with one server made of the four official npm packages, exactly as the catalog defines them
/// (<c>npx -y @modelcontextprotocol/server-...@2026.8.31</c>, run by the stdio package source). npx fetches them from
/// the npm registry into the bridge's shared npm cache on the first run and reuses them afterwards.
/// </summary>
public abstract class OfficialPackagesBridge(DatabaseProvider provider) : IAsyncLifetime
{
    public static readonly string[] Packages = ["memory", "sequential-thinking", "everything", "mcp-filesystem"];

    public TestBridge Bridge { get; private set; } = null!;
    public TestAccount Admin { get; private set; } = null!;
    public ServerInfo Server { get; private set; } = null!;
    public KeyCreated Key { get; private set; } = null!;
    public DeployResponse Deploy { get; private set; } = null!;

    /// <summary>What the admin dry run of each package returned, by id.</summary>
    public Dictionary<string, CatalogPackageInfo> DryRuns { get; } = new(StringComparer.Ordinal);

    public string Mcp => $"{Bridge.BaseUri}s/{Server.Slug}/mcp";

    public Dictionary<string, string> Bearer => new() { ["Authorization"] = $"Bearer {Key.Key}" };

    /// <summary>The filesystem tool's sandbox on disk: the only folder its server may use.</summary>
    public string Sandbox => Path.Combine(Bridge.DataDir, "servers", Server.Id, "packages", "mcp-filesystem", "files");

    public async Task InitializeAsync()
    {
        Bridge = await TestBridge.StartAsync(provider);
        Admin = await Bridge.SignupAsync("admin");
        // The filesystem package is premium.
        await Admin.SetPlanAsync(Admin.AccountId, "enterprise");

        foreach (var id in Packages)
        {
            using var response = await Admin.Client.PostAsync($"/api/v1/admin/catalog/{id}/dry-run", null);
            DryRuns[id] = await ApiCalls.ExpectAsync<CatalogPackageInfo>(response, HttpStatusCode.OK);
        }

        (Server, Key, Deploy) = await Admin.DeployedServerAsync("official", [.. Packages.Select(p => (p, (object?)null))]);
    }

    public async Task<ConnectorInfo[]> CatalogAsync() =>
        (await Bridge.Http.GetFromJsonAsync<ConnectorInfo[]>("/api/v1/catalog", TestBridge.Json))!;

    public async Task DisposeAsync() => await Bridge.DisposeAsync();
}

public sealed class SqliteOfficialPackagesBridge() : OfficialPackagesBridge(DatabaseProvider.Sqlite);

public sealed class PostgresOfficialPackagesBridge() : OfficialPackagesBridge(DatabaseProvider.Postgres);
