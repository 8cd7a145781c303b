using System.Text.Json;
using McpBridge.TestSupport.Interop;

namespace McpBridge.EndToEnd.Tests.Packages;

/// <summary>
/// The official MCP servers from npm as child processes behind a hosted server: the TypeScript SDK client calls a
/// tool of each through the whole gateway (key, plan, metering), and the catalog lists what their dry runs found.
/// </summary>
public abstract class OfficialPackagesTests(OfficialPackagesBridge fixture)
{
    [Fact]
    public void Deploy_StartsEveryPackage_WithoutAFailure()
    {
        // Deploy answers after 15 s at most; four npx starts on a busy machine may still be "starting" then (the calls
        // below wait for them). What must never happen is a failed start.
        Assert.All(fixture.Deploy.Sources, s => Assert.True(s.Status is "ready" or "starting", $"{s.Name}: {s.Status} {s.Error}"));
        Assert.Equal(OfficialPackagesBridge.Packages.Order(), fixture.Deploy.Sources.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task Catalog_ListsTheToolsTheDryRunsFound()
    {
        var catalog = await fixture.CatalogAsync();

        foreach (var id in OfficialPackagesBridge.Packages)
        {
            var dryRun = fixture.DryRuns[id];
            Assert.True(dryRun.DryRunError is null, dryRun.DryRunError);
            Assert.NotNull(dryRun.ToolsLearnedAt);
            Assert.Equal(dryRun.Tools.Select(t => t.Name), catalog.Single(c => c.Id == id).Tools.Select(t => t.Name));
        }

        Assert.Contains("read_graph", fixture.DryRuns["memory"].Tools.Select(t => t.Name));
        Assert.Equal(["sequentialthinking"], fixture.DryRuns["sequential-thinking"].Tools.Select(t => t.Name));
        Assert.Contains("get-sum", fixture.DryRuns["everything"].Tools.Select(t => t.Name));
        Assert.Contains("list_allowed_directories", fixture.DryRuns["mcp-filesystem"].Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task Memory_CreatesEntities()
    {
        var result = await CallAsync("create_entities", new
        {
            entities = new[] { new { name = "mcp-bridge", entityType = "project", observations = new[] { "runs MCP servers" } } },
        });

        Assert.Contains("mcp-bridge", Assert.Single(result.CallTexts), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Bridge.DataDir, "servers", fixture.Server.Id, "packages", "memory", "memory.jsonl")));
    }

    [Fact]
    public async Task SequentialThinking_RecordsAThought()
    {
        var result = await CallAsync("sequentialthinking", new { thought = "Check the gateway first.", thoughtNumber = 1, totalThoughts = 2, nextThoughtNeeded = true });

        using var answer = JsonDocument.Parse(Assert.Single(result.CallTexts));
        Assert.Equal(1, answer.RootElement.GetProperty("thoughtNumber").GetInt32());
        Assert.Equal(2, answer.RootElement.GetProperty("totalThoughts").GetInt32());
    }

    [Fact]
    public async Task Everything_AddsTwoNumbers()
    {
        var result = await CallAsync("get-sum", new { a = 2, b = 40 });

        Assert.Contains("42", Assert.Single(result.CallTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_CannotFetchFromTheNetwork()
    {
        var result = await TypeScriptClient.RunAsync(fixture.Mcp, Options("gzip-file-as-resource", new { name = "x.gz", data = "http://127.0.0.1:9/secret", outputType = "resource" }));

        Assert.True(result.Succeeded, result.Describe());
        Assert.True(result.CallIsError, result.Describe());
        Assert.Contains("not in the allowed domains list", string.Join('\n', result.CallTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filesystem_WritesInItsSandbox_AndSeesNothingElse()
    {
        var sandbox = fixture.Sandbox;
        var allowed = await CallAsync("list_allowed_directories", new { });
        var write = await CallAsync("write_file", new { path = Path.Combine(sandbox, "hello.txt"), content = "hello from the gateway" });
        var outside = await TypeScriptClient.RunAsync(fixture.Mcp, Options("read_text_file", new { path = Path.Combine(fixture.Bridge.DataDir, "mcp-bridge.db") }));
        var climb = await TypeScriptClient.RunAsync(fixture.Mcp, Options("list_directory", new { path = Path.Combine(sandbox, "..") }));

        Assert.Equal($"Allowed directories:\n{sandbox}", Assert.Single(allowed.CallTexts));
        Assert.False(write.CallIsError, write.Describe());
        Assert.Equal("hello from the gateway", await File.ReadAllTextAsync(Path.Combine(sandbox, "hello.txt")));
        Assert.True(outside.CallIsError, outside.Describe());
        Assert.Contains("Access denied", string.Join('\n', outside.CallTexts), StringComparison.Ordinal);
        Assert.True(climb.CallIsError, climb.Describe());
        Assert.Contains("Access denied", string.Join('\n', climb.CallTexts), StringComparison.Ordinal);
    }

    private TypeScriptClientOptions Options(string tool, object arguments) => new()
    {
        Transport = "http",
        Headers = fixture.Bearer,
        Tool = tool,
        ArgumentsJson = JsonSerializer.Serialize(arguments),
    };

    private async Task<TypeScriptClientResult> CallAsync(string tool, object arguments)
    {
        var result = await TypeScriptClient.RunAsync(fixture.Mcp, Options(tool, arguments));
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains(tool, result.Tools);
        Assert.False(result.CallIsError, result.Describe());
        return result;
    }
}

public sealed class OfficialPackagesTests_Sqlite(SqliteOfficialPackagesBridge fixture) : OfficialPackagesTests(fixture), IClassFixture<SqliteOfficialPackagesBridge>;

public sealed class OfficialPackagesTests_Postgres(PostgresOfficialPackagesBridge fixture) : OfficialPackagesTests(fixture), IClassFixture<PostgresOfficialPackagesBridge>;
