using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class AdminCatalogCommandTests : IAsyncLifetime
{
    private static readonly CatalogPackageInfo s_added = new(
        "github", "github", "GitHub issues", "Developer tools", true, "admin", "npx", ["-y", "@scope/server-github@1.0.0"],
        new Dictionary<string, CatalogPackageVariable> { ["GITHUB_TOKEN"] = new("A token", Required: true, Secret: true) }, 1,
        [new ConnectorToolInfo("create_issue", "Create an issue.")], ApiSamples.Created, null, "acc_admin", ApiSamples.Created);

    private readonly CliHarness _cli = new();
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync();
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_account" }""");
        _api.Json("POST", "/api/v1/admin/catalog", s_added, status: 201);
    }

    [Fact]
    public async Task Add_SendsCommandArgsAndTheEnvForm_AndShowsTheToolsTheDryRunFound()
    {
        var run = await _cli.RunAsync(
            "admin", "catalog", "add", "github", "--command", "npx", "--arg=-y", "--arg", "@scope/server-github@1.0.0",
            "--env", "GITHUB_TOKEN:secret:required=A token", "--env", "GITHUB_HOST",
            "--description", "GitHub issues", "--category", "Developer tools", "--premium");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(_api.Single("POST", "/api/v1/admin/catalog").Body).RootElement;
        Assert.Equal("github", body.GetProperty("id").GetString());
        Assert.Equal("npx", body.GetProperty("command").GetString());
        Assert.Equal(["-y", "@scope/server-github@1.0.0"], body.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.True(body.GetProperty("premium").GetBoolean());
        var token = body.GetProperty("env").GetProperty("GITHUB_TOKEN");
        Assert.True(token.GetProperty("secret").GetBoolean());
        Assert.True(token.GetProperty("required").GetBoolean());
        Assert.Equal("A token", token.GetProperty("description").GetString());
        Assert.False(body.GetProperty("env").GetProperty("GITHUB_HOST").GetProperty("required").GetBoolean());
        Assert.Contains("create_issue", run.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GITHUB_TOKEN:secrett", "'secrett' is not a flag")]
    [InlineData(":secret", "has no variable name")]
    public async Task Add_RejectsABadEnvSpec_BeforeCallingTheServer(string spec, string expected)
    {
        var run = await _cli.RunAsync("admin", "catalog", "add", "github", "--command", "npx", "--env", spec, "--description", "d");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(expected, run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(_api.Requests, r => r.Method == "POST");
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
    }
}
