using McpBridge.Connectors.Echo;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Packages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpBridge.Connectors.Tests;

public sealed class ConnectorCatalogTests
{
    private static ServiceProvider Build(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMcpBridgeConnectors();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddMcpBridgeConnectors_RegistersEveryBuiltInConnector_InDisplayOrder()
    {
        using var provider = Build();

        var catalog = provider.GetRequiredService<ConnectorCatalog>();

        Assert.Equal(
            ["filesystem", "mcp-filesystem", "fetch", "postgres", "echo", "everything", "git", "github", "slack", "home-assistant", "memory", "sequential-thinking", "remote"],
            catalog.All.Select(c => c.Id));
        Assert.Equal(
            ["Files", "Files", "Web", "Databases", "Developer tools", "Developer tools", "Developer tools", "Developer tools", "Communication", "Smart home", "Packages", "Packages", "Remote"],
            catalog.All.Select(c => c.Category));
        Assert.True(catalog.TryGet("postgres", out var postgres));
        Assert.Equal("PostgreSQL", postgres.Name);
        Assert.False(catalog.TryGet("nope", out _));
        Assert.Same(catalog, provider.GetRequiredService<ConnectorCatalog>());
    }

    [Fact]
    public void BuiltInConnectors_DescribeEveryPatternInWords_SoNoValidationErrorShowsARegex()
    {
        using var provider = Build();
        var catalog = provider.GetRequiredService<ConnectorCatalog>();

        var patterned = catalog.All
            .SelectMany(c => c.ConfigSchema["properties"]!.AsObject()
                .Where(p => p.Value?["pattern"] is not null)
                .Select(p => (Field: $"{c.Id}.{p.Key}", Described: p.Value!["x-pattern-description"] is not null)))
            .ToArray();

        Assert.Contains(patterned, p => p.Field == "slack.botToken");
        Assert.All(patterned, p => Assert.True(p.Described, $"{p.Field} has a pattern without x-pattern-description"));
    }

    [Fact]
    public void AddMcpBridgeConnectors_RegistersTheHostedGitAndHomeAssistantConnectors()
    {
        using var provider = Build();
        var catalog = provider.GetRequiredService<ConnectorCatalog>();

        Assert.True(catalog.TryGet("git", out var git));
        Assert.True(catalog.TryGet("home-assistant", out var homeAssistant));

        // Hosted: git clones a URL (no local "repo" setting), and Home Assistant's token is a secret.
        Assert.Equal(["url", "branch"], git.ConfigSchema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["url"], git.ConfigSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["token"], ConfigValidation.SecretFields(homeAssistant.ConfigSchema));
    }

    [Fact]
    public void EveryConnector_HasObjectSchema_DescriptionAndWellFormedToolNames()
    {
        using var provider = Build();

        foreach (var connector in provider.GetRequiredService<ConnectorCatalog>().All)
        {
            Assert.Equal("object", connector.ConfigSchema["type"]!.GetValue<string>());
            Assert.False(connector.ConfigSchema["additionalProperties"]!.GetValue<bool>());
            Assert.False(string.IsNullOrWhiteSpace(connector.Description));
            // Our own tools are snake_case; the official packages' are what they are (server-everything uses dashes).
            Assert.All(connector.Tools, t => Assert.Matches(connector is StdioPackageConnector ? "^[a-z][a-z0-9_-]*$" : "^[a-z][a-z0-9_]*$", t.Name));
            Assert.All(connector.Tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
        }
    }

    [Fact]
    public void ConfigSchema_ReturnsACopy_ThatCallersCannotUseToChangeTheConnector()
    {
        using var provider = Build();
        provider.GetRequiredService<ConnectorCatalog>().TryGet("postgres", out var postgres);

        postgres!.ConfigSchema["properties"]!["connectionString"]!.AsObject().Remove("x-secret");

        Assert.Equal(["connectionString"], ConfigValidation.SecretFields(postgres.ConfigSchema));
    }

    [Fact]
    public void Packages_FromConfiguration_BecomeConnectors_AndReplaceBuiltInsWithTheSameId()
    {
        using var provider = Build(new()
        {
            ["Packages:Definitions:0:Id"] = "github-mcp",
            ["Packages:Definitions:0:Name"] = "GitHub",
            ["Packages:Definitions:0:Description"] = "Issues and pull requests.",
            ["Packages:Definitions:0:Category"] = "Developer tools",
            ["Packages:Definitions:0:Premium"] = "true",
            ["Packages:Definitions:0:Command"] = "npx",
            ["Packages:Definitions:0:Args:0"] = "-y",
            ["Packages:Definitions:0:Args:1"] = "@modelcontextprotocol/server-github",
            ["Packages:Definitions:0:Env:GITHUB_PERSONAL_ACCESS_TOKEN:Description"] = "A token.",
            ["Packages:Definitions:0:Env:GITHUB_PERSONAL_ACCESS_TOKEN:Required"] = "true",
            ["Packages:Definitions:0:Env:GITHUB_PERSONAL_ACCESS_TOKEN:Secret"] = "true",
            ["Packages:Definitions:1:Id"] = "memory",
            ["Packages:Definitions:1:Description"] = "Our own memory server.",
            ["Packages:Definitions:1:Command"] = "node",
            ["Packages:Definitions:1:Args:0"] = "/opt/memory/index.js",
        });

        var catalog = provider.GetRequiredService<ConnectorCatalog>();

        Assert.True(catalog.TryGet("github-mcp", out var github));
        Assert.Equal("Developer tools", github.Category);
        Assert.True(github.Premium);
        Assert.Equal(["GITHUB_PERSONAL_ACCESS_TOKEN"], ConfigValidation.SecretFields(github.ConfigSchema));
        Assert.True(catalog.TryGet("memory", out var memory));
        Assert.Equal("Our own memory server.", memory.Description);
        Assert.Single(catalog.All, c => c.Id == "memory");
        Assert.True(catalog.TryGet("sequential-thinking", out _));
    }

    [Fact]
    public void Packages_BuiltInsCanBeTurnedOff()
    {
        using var provider = Build(new() { ["Packages:IncludeBuiltIns"] = "false" });

        var catalog = provider.GetRequiredService<ConnectorCatalog>();

        Assert.DoesNotContain(catalog.All, c => c.Category == ConnectorCategories.Packages);
    }

    [Theory]
    [InlineData("Packages:Definitions:0:Id", "Bad_Id", "Id must be 1 to 64 lower case letters")]
    [InlineData("Packages:Definitions:0:Env:PATH:Description", "x", "PATH is set by the bridge")]
    [InlineData("Packages:Definitions:0:Env:NODE_OPTIONS:Description", "x", "NODE_OPTIONS changes what the program loads or runs")]
    [InlineData("Packages:Definitions:0:Command", "npx -y pkg", "Command must be one program ('npx')")]
    [InlineData("Packages:Definitions:0:Args:0", "{home}", "uses the unknown placeholder {home}")]
    [InlineData("Packages:Definitions:0:MaxProcesses", "0", "MaxProcesses must be between 1 and 64")]
    public void Packages_InvalidDefinitions_FailValidation(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Packages:Definitions:0:Id"] = "tool",
            ["Packages:Definitions:0:Description"] = "A tool.",
            ["Packages:Definitions:0:Command"] = "node",
            [key] = value,
        };
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PackagesOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Packages_WithMissingCommand_FailValidation()
    {
        using var provider = Build(new() { ["Packages:Definitions:0:Id"] = "tool" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PackagesOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Command is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Egress_IsBoundFromConfiguration_AndValidated()
    {
        using var good = Build(new() { ["Egress:AllowPrivateNetworks"] = "true", ["Egress:AllowedHosts:0"] = "db.internal:5432" });
        using var bad = Build(new() { ["Egress:AllowedHosts:0"] = "db.internal:port" });

        var options = good.GetRequiredService<IOptions<EgressOptions>>().Value;

        Assert.True(options.AllowPrivateNetworks);
        Assert.Equal(["db.internal:5432"], options.AllowedHosts);
        Assert.True(good.GetRequiredService<EgressGuard>().IsAllowedHost("db.internal", 5432));
        Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<EgressOptions>>().Value);
    }

    [Fact]
    public void BuiltInPackages_ArePinned_AndTheFilesystemServerSeesOnlyTheSandbox()
    {
        using var provider = Build();
        var packages = provider.GetRequiredService<ConnectorCatalog>().All.OfType<StdioPackageConnector>().ToArray();

        Assert.Equal(["mcp-filesystem", "everything", "memory", "sequential-thinking"], packages.Select(p => p.Id));
        Assert.All(packages, p => Assert.Equal(PackageOrigin.BuiltIn, p.Origin));
        Assert.All(packages, p => Assert.Matches(@"^@modelcontextprotocol/server-[a-z-]+@2026\.8\.31$", p.Definition.Args[1]));
        var filesystem = packages.Single(p => p.Id == "mcp-filesystem");
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem@2026.8.31", "{sandboxDirectory}"], filesystem.Definition.Args);
        Assert.True(filesystem.Premium);
        Assert.False(packages.Single(p => p.Id == "everything").Premium);
        // Users cannot point the memory file or everything's fetches anywhere: those are fixed, not in the forms.
        Assert.All(packages, p => Assert.Empty(p.ConfigSchema["properties"]!.AsObject()));
    }

    [Fact]
    public void TryAdd_OffersAnEntryAtRunTime_AndRemoveTakesOnlyThoseOut()
    {
        var catalog = new ConnectorCatalog([new EchoConnector()]);
        var added = new StdioPackageConnector(
            new PackageDefinition { Id = "added", Name = "Added", Description = "d", Command = "node" }, new PackagesOptions(), PackageOrigin.Admin);
        var before = catalog.All;

        Assert.True(catalog.TryAdd(added));
        Assert.False(catalog.TryAdd(new EchoConnector()));
        Assert.True(catalog.TryGet("added", out var found));
        Assert.Same(added, found);
        Assert.Equal(["echo", "added"], catalog.All.Select(c => c.Id));
        Assert.Single(before);
        Assert.False(catalog.Remove("echo"));
        Assert.True(catalog.Remove("added"));
        Assert.False(catalog.TryGet("added", out _));
        Assert.False(catalog.Remove("added"));
    }

    [Fact]
    public void Catalog_RefusesDuplicateIds()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ConnectorCatalog([new EchoConnector(), new EchoConnector()]));

        Assert.Contains("'echo'", error.Message, StringComparison.Ordinal);
    }
}
