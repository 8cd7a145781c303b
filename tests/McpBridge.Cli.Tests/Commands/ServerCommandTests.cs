using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class ServerCommandTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly CliHarness _cli = new();
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync();
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_account" }""");
    }

    [Fact]
    public async Task ServersList_WithJson_PrintsValidJsonOnly()
    {
        _api.Json("GET", "/api/v1/servers", new[] { ApiSamples.Server("notes"), ApiSamples.Server("team", "draft", null) });

        var run = await _cli.RunAsync("servers", "list", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var servers = JsonSerializer.Deserialize<ServerInfo[]>(run.StdOut, s_json)!;
        Assert.Equal(["notes", "team"], servers.Select(s => s.Slug));
        Assert.Equal("http://notes.localhost:5000/mcp", servers[0].Endpoints.Mcp);
        Assert.Equal("", run.StdErr);
    }

    [Fact]
    public async Task ServersList_ShowsATable()
    {
        _api.Json("GET", "/api/v1/servers", new[] { ApiSamples.Server("notes"), ApiSamples.Server("team", "draft", null) });

        var run = await _cli.RunAsync("servers", "list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var notesLine = run.StdOut.Split('\n').Single(l => l.Contains("notes", StringComparison.Ordinal) && l.Contains("/mcp", StringComparison.Ordinal));
        Assert.Contains("running", notesLine, StringComparison.Ordinal);
        Assert.Contains("v2", notesLine, StringComparison.Ordinal);
        Assert.Contains("draft", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServersCreate_PostsTheName()
    {
        _api.Json("POST", "/api/v1/servers", ApiSamples.Server("team-tools", "draft", null), status: 201);

        var run = await _cli.RunAsync("servers", "create", "Team tools");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Team tools", JsonDocument.Parse(_api.Single("POST", "/api/v1/servers").Body).RootElement.GetProperty("name").GetString());
        Assert.Contains("team-tools", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("mcp-bridge deploy team-tools", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServersDelete_Refuses_WhenStdinIsNotATerminalAndNoYes()
    {
        _api.Empty("DELETE", "/api/v1/servers/notes");

        var run = await _cli.RunAsync("servers", "delete", "notes");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("refusing to delete server 'notes' without confirmation", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("--yes", run.StdErr, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("y\n", true)]
    [InlineData("yes\n", true)]
    [InlineData("n\n", false)]
    [InlineData("\n", false)]
    public async Task ServersDelete_AsksAtATerminal_AndDeletesOnlyOnYes(string answer, bool deleted)
    {
        _api.Empty("DELETE", "/api/v1/servers/notes");

        var run = await _cli.RunWithInputAsync(answer, isInputRedirected: false, "servers", "delete", "notes");

        Assert.Contains("Delete server 'notes'", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(deleted ? ExitCodes.Success : ExitCodes.Failure, run.ExitCode);
        Assert.Equal(deleted ? 1 : 0, _api.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task ServersDelete_WithYes_DeletesWithoutAsking()
    {
        _api.Empty("DELETE", "/api/v1/servers/notes");

        var run = await _cli.RunAsync("servers", "delete", "notes", "--yes", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(JsonDocument.Parse(run.StdOut).RootElement.GetProperty("deleted").GetBoolean());
        _api.Single("DELETE", "/api/v1/servers/notes");
    }

    [Fact]
    public async Task ServersShow_ShowsToolsKeysAndVersions()
    {
        var detail = new ServerDetail(
            ApiSamples.Server("notes"),
            [new ToolInfo("tool_1", "fetch", "web", JsonDocument.Parse("""{"maxBytes":1000}""").RootElement, ApiSamples.Created)],
            [new KeyInfo("key_1", "laptop", "mbs_ab12", ApiSamples.Created, null, null)],
            [new VersionInfo(2, ApiSamples.Created, 1, Live: true), new VersionInfo(1, ApiSamples.Created, 0, Live: false)]);
        _api.Json("GET", "/api/v1/servers/notes", detail);

        var run = await _cli.RunAsync("servers", "show", "notes");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("{\"maxBytes\":1000}", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("mbs_ab12...", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("live", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5000/s/notes/mcp", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_FiltersByCategory_CaseInsensitively()
    {
        _api.Json("GET", "/api/v1/catalog", new[]
        {
            ApiSamples.Connector("filesystem", "Files", """{"type":"object"}"""),
            ApiSamples.Connector("github", "Developer", """{"type":"object"}""", premium: true),
        });

        var table = await _cli.RunAsync("catalog", "--category", "files");
        var json = await _cli.RunAsync("catalog", "--json");

        Assert.Contains("filesystem", table.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("github", table.StdOut, StringComparison.Ordinal);
        var connectors = JsonSerializer.Deserialize<ConnectorInfo[]>(json.StdOut, s_json)!;
        Assert.Equal(["filesystem", "github"], connectors.Select(c => c.Id));
        Assert.Equal("object", connectors[1].ConfigSchema.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Deploy_ShowsVersionEndpointsAndSourceStatus()
    {
        _api.Json("POST", "/api/v1/servers/notes/deploy", new DeployResponse(
            3,
            ApiSamples.Created,
            ApiSamples.Endpoints("notes"),
            [new SourceStatus("web", "fetch", "ready", 1, null), new SourceStatus("db", "postgres", "failed", 0, "connection refused")],
            ["fetch"],
            RolledBackTo: null));

        var run = await _cli.RunAsync("deploy", "notes");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("version v3 is live", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("http://notes.localhost:5000/mcp", run.StdOut, StringComparison.Ordinal);
        Assert.Contains(run.StdOut.Split('\n'), l => l.Contains("db", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal) && l.Contains("connection refused", StringComparison.Ordinal));
        Assert.Contains("warning: 1 source(s) failed", run.StdErr, StringComparison.Ordinal);
        var body = JsonDocument.Parse(_api.Single("POST", "/api/v1/servers/notes/deploy").Body).RootElement;
        Assert.True(!body.TryGetProperty("version", out var version) || version.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Deploy_WithVersion_AsksForARollback()
    {
        _api.Json("POST", "/api/v1/servers/notes/deploy", new DeployResponse(1, ApiSamples.Created, ApiSamples.Endpoints("notes"), [], [], RolledBackTo: 1));

        var run = await _cli.RunAsync("deploy", "notes", "--version", "1", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(_api.Single("POST", "/api/v1/servers/notes/deploy").Body).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(1, JsonSerializer.Deserialize<DeployResponse>(run.StdOut, s_json)!.RolledBackTo);
    }

    [Fact]
    public async Task KeysCreate_PrintsTheKeyOnce_AndSnippetsWithTheKeyFilledIn()
    {
        _api.Json("POST", "/api/v1/servers/notes/keys", new KeyCreated("key_7", "laptop", "mbs_live_secret", "mbs_live", ApiSamples.Created), status: 201);
        _api.Json("GET", "/api/v1/servers/notes/snippets", ApiSamples.Snippets("notes"));

        var run = await _cli.RunAsync("keys", "create", "notes", "--name", "laptop");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("laptop", JsonDocument.Parse(_api.Single("POST", "/api/v1/servers/notes/keys").Body).RootElement.GetProperty("name").GetString());
        Assert.Contains("shown only once", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("--header \"Authorization: Bearer mbs_live_secret\"", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("{{KEY}}", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRotate_PrintsTheNewKey_EvenWhenSnippetsFail()
    {
        _api.Json("POST", "/api/v1/servers/notes/keys/key_7/rotate", new KeyCreated("key_8", "laptop", "mbs_rotated", "mbs_rot", ApiSamples.Created));

        var run = await _cli.RunAsync("keys", "rotate", "notes", "key_7");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("mbs_rotated", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("warning: could not fetch the client snippets", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snippets_KeepThePlaceholder_UnlessAKeyIsGiven()
    {
        _api.Json("GET", "/api/v1/servers/notes/snippets", ApiSamples.Snippets("notes"));

        var placeholder = await _cli.RunAsync("snippets", "notes");
        var withKey = await _cli.RunAsync("snippets", "notes", "--key", "mbs_given", "--json");

        Assert.Contains("Bearer {{KEY}}", placeholder.StdOut, StringComparison.Ordinal);
        var set = JsonSerializer.Deserialize<SnippetSet>(withKey.StdOut, s_json)!;
        Assert.All(set.Snippets, s => Assert.Contains("Bearer mbs_given", s.Content, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_ShowsTotalsSparklineAndTools()
    {
        var today = new DateOnly(2026, 1, 7);
        var daily = Enumerable.Range(0, 7).Select(i => new DailyUsage(today.AddDays(i - 6), Calls: i * 10, Errors: i == 6 ? 2 : 0)).ToArray();
        _api.Json("GET", "/api/v1/servers/notes/usage", new UsageReport(
            "srv_notes", daily[0].Date, today,
            new UsageTotals(210, 2, 2.0 / 210, 12.5, 10, 40),
            daily,
            [new ToolUsage("fetch", new UsageTotals(200, 2, 0.01, 12, 10, 40)), new ToolUsage("echo", new UsageTotals(10, 0, 0, 1, 1, 2))],
            new QuotaStatus(5000, 10_000, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero))));

        var run = await _cli.RunAsync("usage", "notes", "--days", "7");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("/api/v1/servers/notes/usage?days=7", _api.Single("GET", "/api/v1/servers/notes/usage").RawTarget);
        Assert.Contains("▁▂▃▄▆▇█", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("5,000 of 10,000", run.StdOut, StringComparison.Ordinal);
        Assert.Contains(run.StdOut.Split('\n'), l => l.Contains("fetch", StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_PassesFiltersAsQuery()
    {
        _api.Json("GET", "/api/v1/servers/notes/logs", new[] { new LogEntry(41, ApiSamples.Created, "error", "tool_call", "read file", "timed out", 30_000) });

        var run = await _cli.RunAsync("logs", "notes", "--limit", "1", "--level", "error", "--tool", "read file");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("/api/v1/servers/notes/logs?limit=1&level=error&tool=read%20file", _api.Single("GET", "/api/v1/servers/notes/logs").RawTarget);
        Assert.Contains("timed out", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("--before 41", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_AsksForTheDaysItsHelpPromises_WhenNoneAreGiven()
    {
        _api.Json("GET", "/api/v1/servers/notes/usage", new UsageReport(
            "srv_notes", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 30), new UsageTotals(0, 0, 0, 0, 0, 0), [], [],
            new QuotaStatus(0, 10_000, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero))));

        var run = await _cli.RunAsync("usage", "notes");
        var help = await _cli.RunAsync("usage", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("/api/v1/servers/notes/usage?days=30", _api.Single("GET", "/api/v1/servers/notes/usage").RawTarget);
        Assert.Contains(help.StdOut.Split('\n'), l => l.Contains("--days", StringComparison.Ordinal) && l.Contains("[default: 30]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_AsksForTheLimitItsHelpPromises_AndHintsAtOlderEventsOnlyWhenThePageIsFull()
    {
        var entries = Enumerable.Range(1, 50).Select(i => new LogEntry(1000 - i, ApiSamples.Created, "info", "tool_call", "echo", "ok", 1)).ToArray();
        _api.Json("GET", "/api/v1/servers/notes/logs", entries);

        var run = await _cli.RunAsync("logs", "notes");
        var help = await _cli.RunAsync("logs", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("/api/v1/servers/notes/logs?limit=100", _api.Single("GET", "/api/v1/servers/notes/logs").RawTarget);

        // 50 events when up to 100 were asked for: there are no older ones.
        Assert.DoesNotContain("--before", run.StdOut, StringComparison.Ordinal);
        Assert.Contains(help.StdOut.Split('\n'), l => l.Contains("--limit", StringComparison.Ordinal) && l.Contains("[default: 100]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServersDelete_StopsWaitingForTheAnswer_WhenCancelled()
    {
        using var input = new BlockingReader();
        using var stop = new CancellationTokenSource();

        // Like Console.In: synchronized, so ReadLineAsync reads synchronously and ignores the token.
        var context = new CliContext(new TestConsole(TextReader.Synchronized(input), isInputRedirected: false), _cli.Environment);
        var run = Task.Run(() => CliApp.RunAsync(["servers", "delete", "notes"], context, handleTermination: false, stop.Token));
        await input.Reading.WaitAsync(TimeSpan.FromSeconds(30));

        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Cancelled, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(_api.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task AdminSetPlan_PutsThePlan()
    {
        _api.Json("PUT", "/api/v1/admin/accounts/acc_2/plan", new AdminAccountInfo("acc_2", null, "pro", false, 3, ApiSamples.Created));

        var run = await _cli.RunAsync("admin", "set-plan", "acc_2", "pro");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("pro", JsonDocument.Parse(_api.Single("PUT", "/api/v1/admin/accounts/acc_2/plan").Body).RootElement.GetProperty("plan").GetString());
        Assert.Contains("now on the pro plan", run.StdOut, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
    }

    /// <summary>stdin at a terminal where nobody types: a read blocks until the test ends.</summary>
    private sealed class BlockingReader : TextReader
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reading => _reading.Task;

        public override string? ReadLine()
        {
            _reading.TrySetResult();
            _release.Wait();
            return null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _release.Set();
            }

            base.Dispose(disposing);
        }
    }
}
