using System.Text.Json.Nodes;
using McpBridge.Connectors.Packages;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Tests.Packages;

/// <summary>Stdio packages run as real Node processes (a dependency-free fake MCP server), with no network.</summary>
public sealed class StdioPackageConnectorTests : IDisposable
{
    private const string HostSecretVariable = "MCPB_TEST_HOST_SECRET";

    private static readonly string s_script = Path.Combine(AppContext.BaseDirectory, "Packages", "fake-mcp-server.js");

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _cache = new();
    private readonly RecordingEventSink _events = new();

    public void Dispose()
    {
        _data.Dispose();
        _cache.Dispose();
    }

    private static PackageDefinition Definition(int maxProcesses = 1) => new()
    {
        Id = "fake",
        Name = "Fake package",
        Description = "A fake stdio server for tests.",
        Command = "node",
        Args = [s_script, "--instance={instance}", "--dir={workingDirectory}"],
        MaxProcesses = maxProcesses,
        Env = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal)
        {
            ["FAKE_TOKEN"] = new() { Description = "An API token.", Required = true, Secret = true },
            ["GREETING"] = new() { Description = "A greeting.", Default = "hello" },
            ["STATE_FILE"] = new() { Description = "Fixed by the admin.", Value = "{workingDirectory}/state.json" },
        },
        Tools = [new() { Name = "env", Description = "Reads a variable." }],
    };

    private Task<IMcpSource> CreateAsync(JsonObject? config = null, PackagesOptions? options = null, string instance = "docs") =>
        new StdioPackageConnector(Definition(), options ?? new PackagesOptions { NpmCache = _cache.Path })
            .CreateSourceAsync(
                ConnectorContexts.For(_data.Path, config ?? new JsonObject { ["FAKE_TOKEN"] = "tok-1234567890" }, instance, _events),
                TestTimeouts.Token())
            .AsTask();

    [Fact]
    public async Task Child_SeesOnlyItsOwnEnvironment()
    {
        Environment.SetEnvironmentVariable(HostSecretVariable, "host-secret-value");
        await using var harness = await McpTestHarness.StartAsync(await CreateAsync());
        var workingDirectory = _data.Combine("packages", "docs");

        async Task<string> Env(string name) => await harness.CallTextAsync("env", new { name });

        Assert.Equal("(unset)", await Env(HostSecretVariable));
        Assert.Equal("tok-1234567890", await Env("FAKE_TOKEN"));
        Assert.Equal("hello", await Env("GREETING"));
        Assert.Equal(Path.Combine(workingDirectory, "state.json"), await Env("STATE_FILE"));
        Assert.Equal(workingDirectory, await Env("HOME"));
        Assert.Equal(_cache.Path, await Env("npm_config_cache"));
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), await Env("PATH"));
        Assert.Equal(workingDirectory, await harness.CallTextAsync("cwd"));
        Assert.Equal($"[\"--instance=docs\",\"--dir={workingDirectory}\"]", await harness.CallTextAsync("args"));
    }

    [Fact]
    public async Task Stderr_ReachesTheEventLog_WithSecretsMasked()
    {
        await using var harness = await McpTestHarness.StartAsync(await CreateAsync());
        var logged = _events.WaitForAsync(m => m.Contains("diagnostic", StringComparison.Ordinal));

        await harness.CallTextAsync("stderr", new { text = "diagnostic: using token tok-1234567890 now" });

        Assert.Equal("stderr: diagnostic: using token ******** now", await logged);
        Assert.Contains(_events.Events, e => e.Level == SourceEventLevel.Warning && e.Message == "stderr: diagnostic: using token ******** now");
        Assert.DoesNotContain(_events.Events, e => e.Message.Contains("tok-1234567890", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stderr_LongLines_AreTruncated()
    {
        await using var harness = await McpTestHarness.StartAsync(await CreateAsync());
        var logged = _events.WaitForAsync(m => m.StartsWith("stderr: xxx", StringComparison.Ordinal));

        await harness.CallTextAsync("stderr", new { text = new string('x', 2000) });

        Assert.Equal("stderr: " + new string('x', 500) + "…", await logged);
    }

    [Fact]
    public async Task Crash_IsRestarted_OnTheNextCall()
    {
        var source = await CreateAsync();
        await using var harness = await McpTestHarness.StartAsync(source);
        var firstPid = await harness.CallTextAsync("pid");
        var closed = _events.WaitForNextAsync(m => m.Contains("restarts on the next request", StringComparison.Ordinal));

        var crash = await harness.CallAsync("crash");
        await closed;
        var secondPid = await harness.CallTextAsync("pid");

        Assert.True(crash.IsError);
        Assert.NotEqual(firstPid, secondPid);
        Assert.Equal(SourceStatus.Ready, source.State.Status);
    }

    [Fact]
    public async Task IdleProcess_IsStopped_AndStartsAgainOnTheNextCall()
    {
        var source = (ClientSource)await CreateAsync(options: new PackagesOptions { NpmCache = _cache.Path, IdleTimeout = TimeSpan.FromMilliseconds(300) });
        await using var harness = await McpTestHarness.StartAsync(source);
        var firstPid = await harness.CallTextAsync("pid");
        var stopped = _events.WaitForAsync(m => m.Contains("stopped after", StringComparison.Ordinal));

        await stopped;
        var countWhileIdle = source.ConnectionCount;
        var secondPid = await harness.CallTextAsync("pid");

        Assert.Equal(0, countWhileIdle);
        Assert.NotEqual(firstPid, secondPid);
    }

    [Fact]
    public async Task MissingCommand_FailsWithClearError()
    {
        var definition = Definition();
        definition.Command = "mcpb-no-such-command-" + Guid.NewGuid().ToString("N")[..6];
        var source = await new StdioPackageConnector(definition, new PackagesOptions { NpmCache = _cache.Path })
            .CreateSourceAsync(ConnectorContexts.For(_data.Path, new JsonObject { ["FAKE_TOKEN"] = "tok-1234567890" }, "docs", _events), TestTimeouts.Token());
        await using var _ = source;

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetCatalogAsync(TestTimeouts.Token()).AsTask());

        Assert.Contains("'docs' failed to start", error.Message, StringComparison.Ordinal);
        Assert.Equal(SourceStatus.Failed, source.State.Status);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public async Task CreateSource_RejectsInstanceNamesThatAreNotFolderNames(string instance)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(instance: instance));

        Assert.Contains("cannot name a folder", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_data.Combine("escape")));
    }

    [Fact]
    public void Schema_IsGeneratedFromEnv_WithoutFixedVariables()
    {
        var connector = new StdioPackageConnector(Definition(), new PackagesOptions { NpmCache = _cache.Path });
        var schema = connector.ConfigSchema;

        var missing = ConfigValidation.Validate(schema, null);
        var command = ConfigValidation.Validate(schema, new JsonObject { ["FAKE_TOKEN"] = "t", ["Command"] = "rm" });
        var good = ConfigValidation.Validate(schema, new JsonObject { ["FAKE_TOKEN"] = "t" });

        Assert.Equal(["FAKE_TOKEN", "GREETING"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["FAKE_TOKEN"], ConfigValidation.SecretFields(schema));
        Assert.Equal(["is required"], missing.Errors["FAKE_TOKEN"]);
        Assert.StartsWith("is not a known setting", Assert.Single(command.Errors["Command"]), StringComparison.Ordinal);
        Assert.Equal("hello", good.Normalized["GREETING"]!.GetValue<string>());
        Assert.Equal("fake", connector.Id);
        Assert.Equal(ConnectorCategories.Packages, connector.Category);
        Assert.Equal(["env"], connector.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task SandboxDirectory_IsAFolderInsideTheWorkingDirectory_CreatedBeforeTheProcessStarts()
    {
        var definition = Definition();
        definition.Args = [s_script, "{sandboxDirectory}"];
        var source = await new StdioPackageConnector(definition, new PackagesOptions { NpmCache = _cache.Path })
            .CreateSourceAsync(ConnectorContexts.For(_data.Path, new JsonObject { ["FAKE_TOKEN"] = "tok-1234567890" }, "files-tool", _events), TestTimeouts.Token());
        await using var harness = await McpTestHarness.StartAsync(source);
        var workingDirectory = _data.Combine("packages", "files-tool");
        var sandbox = Path.Combine(workingDirectory, StdioPackageConnector.SandboxFolderName);

        Assert.Equal($"[\"{sandbox}\"]", await harness.CallTextAsync("args"));
        Assert.True(Directory.Exists(sandbox));
        // npx reads .npmrc and node_modules from here: the user's folder must not be it.
        Assert.Equal(workingDirectory, await harness.CallTextAsync("cwd"));
        Assert.Equal(workingDirectory, await harness.CallTextAsync("env", new { name = "HOME" }));
    }

    [Fact]
    public async Task SandboxDirectory_IsNotCreated_ForPackagesThatDoNotUseIt()
    {
        await using var harness = await McpTestHarness.StartAsync(await CreateAsync());
        await harness.CallTextAsync("pid");

        Assert.False(Directory.Exists(_data.Combine("packages", "docs", StdioPackageConnector.SandboxFolderName)));
    }
}
