using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class ApiErrorTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync();
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_account" }""");
    }

    [Fact]
    public async Task PlanLimit_ExitsFour_AndShowsTheUpgradeText()
    {
        _api.Problem("POST", "/api/v1/servers", 403, new
        {
            type = "https://mcp-bridge.dev/problems/plan-limit",
            title = "Plan limit reached",
            status = 403,
            detail = "The free plan allows 1 server.",
            code = ErrorCodes.PlanLimit,
            limit = "servers",
            plan = "free",
            upgrade = "Upgrade to Pro for 10 servers: mcp-bridge admin set-plan or the dashboard.",
        });

        var run = await _cli.RunAsync("servers", "create", "second", "--json");

        Assert.Equal(ExitCodes.PlanLimit, run.ExitCode);
        Assert.Equal("", run.StdOut);
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: The free plan allows 1 server. (HTTP 403)", lines[0]);
        Assert.Equal("hint: Upgrade to Pro for 10 servers: mcp-bridge admin set-plan or the dashboard.", lines[1]);
    }

    [Fact]
    public async Task PlanLimit_NamesThePlanThatLiftsIt_WithoutAnAdminCommand()
    {
        _api.Problem("POST", "/api/v1/servers", 403, new
        {
            title = "Plan limit reached",
            status = 403,
            detail = "Your Free plan allows 1 server and you have 1. Upgrade to Pro for 3 servers.",
            code = ErrorCodes.PlanLimit,
            limit = "servers",
            plan = "free",
            upgrade = "pro",
        });

        var run = await _cli.RunAsync("servers", "create", "second");

        Assert.Equal(ExitCodes.PlanLimit, run.ExitCode);
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("hint: the 'pro' plan lifts this limit; an administrator of this server can move your account to it", lines[1]);
        Assert.DoesNotContain("mcp-bridge admin", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanLimit_GivesNoUpgradeHint_WhenNoPlanLiftsIt()
    {
        _api.Problem("POST", "/api/v1/servers", 403, new
        {
            title = "Plan limit reached",
            status = 403,
            detail = "Your Team plan allows 20 servers and you have 20. Delete a server to create another.",
            code = ErrorCodes.PlanLimit,
            limit = "servers",
            plan = "team",
            upgrade = "",
        });

        var run = await _cli.RunAsync("servers", "create", "another");

        Assert.Equal(ExitCodes.PlanLimit, run.ExitCode);
        Assert.Equal("error: Your Team plan allows 20 servers and you have 20. Delete a server to create another. (HTTP 403)", run.StdErr.TrimEnd());
    }

    [Fact]
    public async Task ValidationFailure_ListsEveryFieldError()
    {
        _api.Problem("POST", "/api/v1/servers/notes/tools", 400, new
        {
            title = "Validation failed",
            status = 400,
            detail = "The configuration is not valid.",
            code = ErrorCodes.ValidationFailed,
            errors = new Dictionary<string, string[]>
            {
                ["config.root"] = ["Required."],
                ["name"] = ["Must be 1-64 characters.", "Must start with a letter."],
            },
        });

        var run = await _cli.RunAsync("tools", "add", "notes", "filesystem", "--name", "");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: The configuration is not valid. (HTTP 400)", lines[0]);
        Assert.Contains("  config.root: Required.", lines);
        Assert.Contains("  name: Must be 1-64 characters.", lines);
        Assert.Contains("  name: Must start with a letter.", lines);
    }

    [Fact]
    public async Task Unauthorized_FromTheConfigFileKey_HintsToSignIn()
    {
        _api.Problem("GET", "/api/v1/servers", 401, new { title = "Unauthorized", status = 401, code = ErrorCodes.Unauthorized });

        var run = await _cli.RunAsync("servers", "list");

        Assert.Equal(ExitCodes.AuthenticationFailed, run.ExitCode);
        Assert.Contains("error: Unauthorized (HTTP 401)", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: run `mcp-bridge login --api-key KEY` or `mcp-bridge signup`", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotFound_ExitsFive()
    {
        var run = await _cli.RunAsync("servers", "show", "ghost");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("error: No fake route for GET /api/v1/servers/ghost. (HTTP 404)", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimited_HintsWhenToRetry()
    {
        _api.Problem("GET", "/api/v1/servers", 429, new { title = "Too many requests", status = 429, code = ErrorCodes.RateLimited }, retryAfter: "12");

        var run = await _cli.RunAsync("servers", "list");

        Assert.Equal(ExitCodes.PlanLimit, run.ExitCode);
        Assert.Contains("hint: try again in 12 s", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonProblemError_IsStillOneClearLine()
    {
        _api.Route("GET", "/api/v1/servers", async context =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>Bad gateway</html>");
        });

        var run = await _cli.RunAsync("servers", "list");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: <html>Bad gateway</html> (HTTP 502)", run.StdErr.TrimEnd());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
    }
}
