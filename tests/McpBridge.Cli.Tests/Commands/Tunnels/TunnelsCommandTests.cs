using System.Text.Json;
using McpBridge.Cli.Commands.Tunnels;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Tests.Commands.Tunnels;

/// <summary><c>mcp-bridge tunnels</c> against a fake API: what it sends, shows and exits with.</summary>
[Collection(CliCollection.Name)]
public sealed class TunnelsCommandTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset s_now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly CliHarness _cli = new() { Time = new FixedTimeProvider(s_now) };
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync();
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_account" }""");
    }

    [Fact]
    public async Task TunnelsList_ShowsStatusUrlTimeLeftTrafficAndTheLimits()
    {
        _api.Json("GET", "/api/v1/tunnels", SampleList());

        var run = await _cli.RunAsync("tunnels", "list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.StdOut.Split('\n');
        var research = lines.Single(l => l.Contains("research", StringComparison.Ordinal));
        Assert.Contains("online 25m", research, StringComparison.Ordinal);
        Assert.Contains("https://research.bridge.example.com", research, StringComparison.Ordinal);
        Assert.Contains("never", research, StringComparison.Ordinal);
        Assert.Contains("12 req, 1.5 KiB", research, StringComparison.Ordinal);
        Assert.Contains("2,300", research, StringComparison.Ordinal);
        var temp = lines.Single(l => l.Contains("temp-demo-a1b2c3", StringComparison.Ordinal));
        Assert.Contains("offline", temp, StringComparison.Ordinal);
        Assert.Contains("1h 30m", temp, StringComparison.Ordinal);
        Assert.Contains(
            "Plan starter: 1 of 1 persistent names, 0 of 2 temporary tunnels connected, 2,345 of 10,000 requests this month (resets 2026-02-01).",
            run.StdOut.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Equal("", run.StdErr);
    }

    [Fact]
    public async Task TunnelsList_WithJson_PrintsTheListOnly()
    {
        _api.Json("GET", "/api/v1/tunnels", SampleList());

        var run = await _cli.RunAsync("tunnels", "list", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var list = JsonSerializer.Deserialize<TunnelList>(run.StdOut, s_json)!;
        Assert.Equal(["research", "temp-demo-a1b2c3"], list.Tunnels.Select(t => t.Name));
        Assert.Equal(10_000, list.Limits.MonthlyRequestsAllowed);
        Assert.Equal("", run.StdErr);
    }

    [Fact]
    public async Task TunnelsList_WithNoTunnels_SaysHowToStartOne()
    {
        _api.Json("GET", "/api/v1/tunnels", new TunnelList([], SampleList().Limits with { PersistentUsed = 0, RequestsThisMonth = 0 }));

        var run = await _cli.RunAsync("tunnels", "list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("No tunnels yet", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("mcp-bridge tunnels reserve NAME", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelsReserve_PostsTheName_AndPrintsTheUrls()
    {
        _api.Json("POST", "/api/v1/tunnels", Tunnel("research", online: false), status: 201);

        var run = await _cli.RunAsync("tunnels", "reserve", "research");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("research", JsonDocument.Parse(_api.Single("POST", "/api/v1/tunnels").Body).RootElement.GetProperty("name").GetString());
        Assert.Contains("Reserved research: https://research.bridge.example.com", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("path form: https://bridge.example.com/t/research", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("--cloud --name research", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelsReserve_OverThePlan_ExitsWithPlanLimit_AndNamesTheUpgrade()
    {
        _api.Problem("POST", "/api/v1/tunnels", 403, new
        {
            title = "Plan limit reached",
            status = 403,
            detail = "Your Free plan has no persistent tunnels. Upgrade to Starter for up to 1 persistent tunnel.",
            code = ErrorCodes.PlanLimit,
            limit = "persistent_tunnels",
            plan = "free",
            upgrade = "starter",
        });

        var run = await _cli.RunAsync("tunnels", "reserve", "research");

        Assert.Equal(ExitCodes.PlanLimit, run.ExitCode);
        Assert.StartsWith("error: Your Free plan has no persistent tunnels.", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: the 'starter' plan lifts this limit", run.StdErr, StringComparison.Ordinal);
        Assert.Equal("", run.StdOut);
    }

    [Fact]
    public async Task TunnelsReserve_ATakenName_ExitsWithConflict()
    {
        _api.Problem("POST", "/api/v1/tunnels", 409, new
        {
            title = "Conflict",
            status = 409,
            detail = "The tunnel name 'research' is taken by another account; choose another name.",
            code = ErrorCodes.Conflict,
        });

        var run = await _cli.RunAsync("tunnels", "reserve", "research");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("taken by another account", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelsReserve_AnInvalidName_ExitsWithUsageError_AndTheFieldMessage()
    {
        _api.Problem("POST", "/api/v1/tunnels", 400, new
        {
            title = "Validation failed",
            status = 400,
            detail = "'api' is reserved; choose another name.",
            code = ErrorCodes.ValidationFailed,
            errors = new Dictionary<string, string[]> { ["name"] = ["'api' is reserved; choose another name."] },
        });

        var run = await _cli.RunAsync("tunnels", "reserve", "api");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("  name: 'api' is reserved; choose another name.", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelsRelease_Refuses_WhenStdinIsNotATerminalAndNoYes()
    {
        _api.Empty("DELETE", "/api/v1/tunnels/research");

        var run = await _cli.RunAsync("tunnels", "release", "research");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("refusing to release tunnel 'research' without confirmation", run.StdErr, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("y\n", true)]
    [InlineData("n\n", false)]
    public async Task TunnelsRelease_AsksFirst_OnATerminal(string answer, bool released)
    {
        _api.Empty("DELETE", "/api/v1/tunnels/research");

        var run = await _cli.RunWithInputAsync(answer, isInputRedirected: false, "tunnels", "release", "research");

        Assert.Equal(released ? ExitCodes.Success : ExitCodes.Failure, run.ExitCode);
        Assert.Contains("Release tunnel 'research'?", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(released ? 1 : 0, _api.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task TunnelsRelease_WithYes_Deletes_AndReportsNotFound()
    {
        _api.Empty("DELETE", "/api/v1/tunnels/research");

        var ok = await _cli.RunAsync("tunnels", "release", "research", "--yes", "--json");
        var missing = await _cli.RunAsync("tunnels", "release", "elsewhere", "--yes");

        Assert.Equal(ExitCodes.Success, ok.ExitCode);
        Assert.True(JsonDocument.Parse(ok.StdOut).RootElement.GetProperty("deleted").GetBoolean());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
    }

    [Theory]
    [InlineData(7_199, "1h 59m")]
    [InlineData(3_600, "1h 0m")]
    [InlineData(720, "12m")]
    [InlineData(30, "less than a minute")]
    [InlineData(0, "[grey]expired[/]")]
    public void ExpiresIn_ShowsHoursAndMinutesLeft_AsStartDoes(int seconds, string expected) =>
        Assert.Equal(expected, TunnelViews.ExpiresIn(TimeSpan.FromSeconds(seconds)));

    private static TunnelInfo Tunnel(string name, bool online, bool temporary = false) => new(
        name,
        $"https://{name}.bridge.example.com",
        $"https://bridge.example.com/t/{name}",
        temporary,
        temporary ? s_now.AddMinutes(90) : null,
        online ? TunnelStatus.Online : TunnelStatus.Offline,
        online ? s_now.AddMinutes(-25) : null,
        online ? s_now : s_now.AddHours(-1),
        online ? "203.0.113.7" : null,
        RequestsToday: online ? 12 : 0,
        BytesToday: online ? 1_536 : 0,
        RequestsThisMonth: online ? 2_300 : 45,
        CreatedAt: s_now.AddDays(-3));

    private static TunnelList SampleList() => new(
        [Tunnel("research", online: true), Tunnel("temp-demo-a1b2c3", online: false, temporary: true)],
        new TunnelLimits("starter", 1, 1, 0, 2, 2_345, 10_000, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
    }
}
