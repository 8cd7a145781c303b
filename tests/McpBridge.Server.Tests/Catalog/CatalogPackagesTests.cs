using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Catalog;

/// <summary>Administrators approve stdio packages through the API: stored in the database, live without a restart.</summary>
public sealed class CatalogPackagesTests
{
    private static async Task<CatalogPackageInfo> AddAsync(TestAccount admin, AddCatalogPackageRequest request)
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/v1/admin/catalog", request, TestBridge.Json);
        return await ApiCalls.ExpectAsync<CatalogPackageInfo>(response, HttpStatusCode.Created);
    }

    private static async Task<ConnectorInfo> CatalogEntryAsync(TestBridge bridge, string id) =>
        (await bridge.Http.GetFromJsonAsync<ConnectorInfo[]>("/api/v1/catalog", TestBridge.Json))!.Single(c => c.Id == id);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Add_PutsThePackageInTheCatalogAtOnce_WithTheToolsItsDryRunFound_AndKeepsItAcrossRestarts(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider);
        var admin = await bridge.SignupAsync("admin");
        var user = await bridge.SignupAsync("user");

        var added = await AddAsync(admin, FakePackage.Request());
        var entry = await CatalogEntryAsync(bridge, "fake");

        Assert.Null(added.DryRunError);
        Assert.Equal("admin", added.Origin);
        Assert.Equal(FakePackage.Tools, added.Tools.Select(t => t.Name));
        Assert.NotNull(added.ToolsLearnedAt);
        Assert.Equal(FakePackage.Tools, entry.Tools.Select(t => t.Name));
        Assert.Equal("Developer tools", entry.Category);
        Assert.Equal(["FAKE_TOKEN"], entry.ConfigSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(entry.ConfigSchema.GetProperty("properties").GetProperty("FAKE_TOKEN").GetProperty("x-secret").GetBoolean());

        // A user adds it like any connector; the command is the admin's, the user only fills in the form.
        var (_, _, deploy) = await user.DeployedServerAsync("uses-fake", ("fake", new Dictionary<string, string> { ["FAKE_TOKEN"] = "tok-123456" }));
        Assert.NotEqual("failed", Assert.Single(deploy.Sources).Status);

        await bridge.StopAsync();
        await bridge.StartAsync();

        var reloaded = (await admin.GetAsync<CatalogPackageInfo[]>("/api/v1/admin/catalog")).Single(p => p.Id == "fake");
        Assert.Equal(FakePackage.Tools, (await CatalogEntryAsync(bridge, "fake")).Tools.Select(t => t.Name));
        // No second dry run after the restart: the time is the stored one (PostgreSQL keeps microseconds).
        Assert.Equal(added.ToolsLearnedAt!.Value.ToUnixTimeMilliseconds(), reloaded.ToolsLearnedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(admin.AccountId, reloaded.AddedBy);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Add_IsRefused_ToNonAdmins_ForBadFields_AndForTakenIds_SavingNothing(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider);
        var admin = await bridge.SignupAsync("admin");
        var user = await bridge.SignupAsync("user");
        var bad = FakePackage.Request("Bad Id") with
        {
            Command = "npx -y @scope/pkg",
            Description = "",
            Env = new Dictionary<string, CatalogPackageVariable> { ["NODE_OPTIONS"] = new("Node options.") },
        };

        using var forbidden = await user.Client.PostAsJsonAsync("/api/v1/admin/catalog", FakePackage.Request(), TestBridge.Json);
        using var invalid = await admin.Client.PostAsJsonAsync("/api/v1/admin/catalog", bad, TestBridge.Json);
        using var builtIn = await admin.Client.PostAsJsonAsync("/api/v1/admin/catalog", FakePackage.Request("memory"), TestBridge.Json);
        using var connector = await admin.Client.PostAsJsonAsync("/api/v1/admin/catalog", FakePackage.Request("postgres"), TestBridge.Json);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var problem = await ApiCalls.ProblemAsync(invalid, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["command", "description", "env.NODE_OPTIONS", "id"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("must be one program ('npx')", errors.GetProperty("command")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("built-in package", (await ApiCalls.ProblemAsync(builtIn, HttpStatusCode.Conflict, ErrorCodes.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("built-in connector", (await ApiCalls.ProblemAsync(connector, HttpStatusCode.Conflict, ErrorCodes.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var packages = await admin.GetAsync<CatalogPackageInfo[]>("/api/v1/admin/catalog");
        Assert.DoesNotContain(packages, p => p.Origin == "admin");
        Assert.Equal("built-in", packages.Single(p => p.Id == "memory").Origin);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Remove_IsRefusedWhileServersUseThePackage_UnlessForced(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider);
        var admin = await bridge.SignupAsync("admin");
        var user = await bridge.SignupAsync("user");
        await AddAsync(admin, FakePackage.Request());
        var server = await user.CreateServerAsync("uses-fake");
        await user.AddToolAsync(server.Id, "fake", new Dictionary<string, string> { ["FAKE_TOKEN"] = "tok-123456" });

        using var used = await admin.Client.DeleteAsync("/api/v1/admin/catalog/fake");
        using var builtIn = await admin.Client.DeleteAsync("/api/v1/admin/catalog/memory");
        using var missing = await admin.Client.DeleteAsync("/api/v1/admin/catalog/nope");
        using var forced = await admin.Client.DeleteAsync("/api/v1/admin/catalog/fake?force=true");
        using var deploy = await user.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/deploy", new DeployRequest(null), TestBridge.Json);

        Assert.Contains("used by 1 tool(s) on 1 server(s)", (await ApiCalls.ProblemAsync(used, HttpStatusCode.Conflict, ErrorCodes.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("change the server's configuration", (await ApiCalls.ProblemAsync(builtIn, HttpStatusCode.Conflict, ErrorCodes.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ApiCalls.ProblemAsync(missing, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal("fake", (await ApiCalls.ExpectAsync<CatalogPackageInfo>(forced, HttpStatusCode.OK)).Id);
        Assert.DoesNotContain(await bridge.Http.GetFromJsonAsync<ConnectorInfo[]>("/api/v1/catalog", TestBridge.Json) ?? [], c => c.Id == "fake");
        var problem = await ApiCalls.ProblemAsync(deploy, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Contains("no longer in the catalog", problem.GetProperty("errors").GetProperty("tools.fake")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CatalogRequest_StartsBackgroundDryRuns_AndAnswersWithoutWaitingForThem(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider, o =>
        {
            o.Settings["Packages:DryRunInBackground"] = "true";
            o.Settings["Packages:IncludeBuiltIns"] = "false";
            o.Settings["Packages:Definitions:0:Id"] = "configured";
            o.Settings["Packages:Definitions:0:Description"] = "The fake server, from configuration.";
            o.Settings["Packages:Definitions:0:Command"] = "node";
            o.Settings["Packages:Definitions:0:Args:0"] = FakePackage.Script;
            o.Settings["Packages:Definitions:0:Tools:0:Name"] = "declared";
            o.Settings["Packages:Definitions:0:Tools:0:Description"] = "What the configuration says.";
        });
        var discovery = (McpBridge.Server.Catalog.PackageToolDiscovery)bridge.Services.GetService(typeof(McpBridge.Server.Catalog.PackageToolDiscovery))!;
        var learned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        discovery.Completed += (id, result) => learned.TrySetResult($"{id}: {result.Error ?? "ok"}");

        var first = await CatalogEntryAsync(bridge, "configured");
        Assert.Equal("configured: ok", await learned.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        var second = await CatalogEntryAsync(bridge, "configured");

        Assert.Equal(["declared"], first.Tools.Select(t => t.Name));
        Assert.Equal(FakePackage.Tools, second.Tools.Select(t => t.Name));
    }
}
