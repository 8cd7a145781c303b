using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Tests.EndToEnd;

/// <summary><c>mcp-bridge tunnels</c> against the real cloud (Kestrel, SQLite in a temporary folder).</summary>
[Collection(CliCollection.Name)]
public sealed class TunnelsAgainstServerTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly CliHarness _cli = new();
    private BridgeServer _server = null!;

    public async Task InitializeAsync() => _server = await BridgeServer.StartAsync();

    [Fact]
    public async Task Tunnels_ReserveListAndRelease_WithinThePlan()
    {
        var signup = await _cli.RunAsync("signup", "--name", "tunnels", "--server", _server.Url.AbsoluteUri.TrimEnd('/'), "--json");
        Assert.Equal(ExitCodes.Success, signup.ExitCode);
        var account = JsonSerializer.Deserialize<SignupResponse>(signup.StdOut, s_json)!;

        // Free has no persistent names: the server's reason and the plan that lifts it.
        var refused = await _cli.RunAsync("tunnels", "reserve", "research");
        Assert.Equal(ExitCodes.PlanLimit, refused.ExitCode);
        Assert.Contains("Your Free plan has no persistent tunnels", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("'starter' plan", refused.StdErr, StringComparison.Ordinal);

        // The first account administers a fresh installation: it moves itself to Starter (one persistent name).
        Assert.Equal(ExitCodes.Success, (await _cli.RunAsync("admin", "set-plan", account.AccountId, "starter")).ExitCode);

        var reserved = await _cli.RunAsync("tunnels", "reserve", "Research", "--json");
        Assert.Equal(ExitCodes.Success, reserved.ExitCode);
        var tunnel = JsonSerializer.Deserialize<TunnelInfo>(reserved.StdOut, s_json)!;
        Assert.Equal("research", tunnel.Name);
        Assert.EndsWith("/t/research", tunnel.Url, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.PlanLimit, (await _cli.RunAsync("tunnels", "reserve", "second")).ExitCode);
        Assert.Equal(ExitCodes.UsageError, (await _cli.RunAsync("tunnels", "reserve", "temp-x")).ExitCode);

        var list = await _cli.RunAsync("tunnels", "list");
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        var line = list.StdOut.Split('\n').Single(l => l.Contains("research", StringComparison.Ordinal));
        Assert.Contains("offline", line, StringComparison.Ordinal);
        Assert.Contains("/t/research", line, StringComparison.Ordinal);
        Assert.Contains("1 of 1 persistent names", list.StdOut, StringComparison.Ordinal);
        Assert.Contains("0 of 10,000 requests this month", list.StdOut, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, (await _cli.RunAsync("tunnels", "release", "research", "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("tunnels", "release", "research", "--yes")).ExitCode);
        var after = JsonSerializer.Deserialize<TunnelList>((await _cli.RunAsync("tunnels", "list", "--json")).StdOut, s_json)!;
        Assert.Empty(after.Tunnels);
        Assert.Equal(0, after.Limits.PersistentUsed);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }
}
