using McpBridge.Connectors.Packages;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.Extensions.Options;

namespace McpBridge.Connectors.Tests.Packages;

/// <summary>Dry runs start real Node processes (the dependency-free fake MCP server); no network.</summary>
public sealed class PackageDryRunTests : IDisposable
{
    private static readonly string s_script = Path.Combine(AppContext.BaseDirectory, "Packages", "fake-mcp-server.js");

    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    private PackagesOptions Options(TimeSpan? timeout = null) => new() { NpmCache = _cache.Path, DryRunTimeout = timeout ?? TimeSpan.FromSeconds(30) };

    private static PackageDefinition Fake(string command = "node", params string[] args) => new()
    {
        Id = "fake",
        Description = "A fake stdio server.",
        Command = command,
        Args = args.Length > 0 ? args : [s_script],
        Env = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal)
        {
            ["FAKE_TOKEN"] = new() { Description = "A token.", Required = true, Secret = true },
        },
        Tools = [new() { Name = "declared", Description = "What the definition says." }],
    };

    [Fact]
    public async Task RunAsync_LearnsTheToolsThePackageOffers_AndTheCatalogListsThem()
    {
        var options = Options();
        var connector = new StdioPackageConnector(Fake(), options);
        Assert.Equal(["declared"], connector.Tools.Select(t => t.Name));

        var result = await new PackageDryRun(Microsoft.Extensions.Options.Options.Create(options)).RunAsync(connector, TestTimeouts.Token());

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["env", "pid", "cwd", "args", "stderr", "crash"], result.Tools!.Select(t => t.Name));
        Assert.Equal("Returns the value of an environment variable, or (unset).", result.Tools![0].Description);
        Assert.Equal(result.Tools!.Select(t => t.Name), connector.Tools.Select(t => t.Name));
        Assert.Equal(result.At, connector.ToolsLearnedAt);
    }

    [Fact]
    public async Task RunAsync_ReportsAProgramThatDoesNotExist_AndKeepsTheDeclaredTools()
    {
        var options = Options();
        var connector = new StdioPackageConnector(Fake("mcpb-no-such-program-" + Guid.NewGuid().ToString("N")[..6]), options);

        var result = await new PackageDryRun(Microsoft.Extensions.Options.Options.Create(options)).RunAsync(connector, TestTimeouts.Token());

        Assert.False(result.Succeeded);
        Assert.StartsWith("The dry run of 'fake' failed: ", result.Error, StringComparison.Ordinal);
        Assert.Null(connector.ToolsLearnedAt);
        Assert.Equal(["declared"], connector.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task RunAsync_GivesUp_WhenThePackageNeverAnswers_AndQuotesItsLastOutput()
    {
        var options = Options(TimeSpan.FromSeconds(2));
        // A program that starts, says why on stderr, and never answers initialize (a package waiting for a login, say).
        var connector = new StdioPackageConnector(Fake("node", "-e", "console.error('waiting for a browser login'); setInterval(() => {}, 1000)"), options);

        var result = await new PackageDryRun(Microsoft.Extensions.Options.Options.Create(options)).RunAsync(connector, TestTimeouts.Token());

        Assert.False(result.Succeeded);
        Assert.Contains("did not answer initialize and tools/list within 2 s", result.Error, StringComparison.Ordinal);
        Assert.Contains("waiting for a browser login", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DryRunConfig_UsesDefaults_AndAPlaceholderForRequiredValues_NeverAFixedOne()
    {
        var definition = Fake();
        definition.Env["GREETING"] = new() { Default = "hello" };
        definition.Env["OPTIONAL"] = new();
        definition.Env["FIXED"] = new() { Value = "admin's" };

        var config = PackageDryRun.DryRunConfig(definition);

        Assert.Equal("{\"FAKE_TOKEN\":\"dry-run\",\"GREETING\":\"hello\"}", config.ToJsonString());
    }
}
