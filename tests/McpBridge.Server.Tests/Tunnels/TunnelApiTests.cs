using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.Server.Tunnels;
using McpBridge.ServerTesting;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Tunnels;

/// <summary><c>/api/v1/tunnels</c> on the real server, on both databases.</summary>
public abstract class TunnelApiTests(TunnelBridge fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    [Fact]
    public async Task Reserve_ReturnsTheTunnelWithBothUrls_AndListShowsIt()
    {
        var account = await StarterAccountAsync();

        var tunnel = await account.ReserveTunnelAsync("Sarah-Notes");

        Assert.Equal("sarah-notes", tunnel.Name);
        Assert.Equal($"http://localhost:{Bridge.BaseUri.Port}/t/sarah-notes", tunnel.PathUrl);
        Assert.Equal(tunnel.PathUrl, tunnel.Url); // localhost has no subdomains: the path form is the URL
        Assert.False(tunnel.Temporary);
        Assert.Null(tunnel.ExpiresAt);
        Assert.Equal(TunnelStatus.Offline, tunnel.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), tunnel.CreatedAt);

        var list = await account.ListTunnelsAsync();
        Assert.Equal("sarah-notes", Assert.Single(list.Tunnels).Name);
        Assert.Equal("starter", list.Limits.Plan);
        Assert.Equal(1, list.Limits.PersistentUsed);
        Assert.Equal(1, list.Limits.PersistentAllowed);
        Assert.Equal(10_000, list.Limits.MonthlyRequestsAllowed);
        Assert.Equal(0, list.Limits.RequestsThisMonth);
        Assert.Equal(2, list.Limits.TemporaryAllowed);

        var audit = await account.GetAsync<AuditEntryInfo[]>("/api/v1/account/audit");
        Assert.Contains(audit, e => e.Action == "tunnel.reserve" && e.Detail == "sarah-notes");
    }

    [Fact]
    public async Task Reserve_IsIdempotent_ForTheAccountsOwnName()
    {
        var account = await StarterAccountAsync();
        await account.ReserveTunnelAsync("twice-mine");

        using var again = await account.TryReserveTunnelAsync("twice-mine");

        var tunnel = await ApiCalls.ExpectAsync<TunnelInfo>(again, HttpStatusCode.OK);
        Assert.Equal("twice-mine", tunnel.Name);
        Assert.Single((await account.ListTunnelsAsync()).Tunnels);
    }

    [Fact]
    public async Task Reserve_OnFree_IsRefused_NamingStarter()
    {
        var account = await Bridge.SignupAsync();

        using var response = await account.TryReserveTunnelAsync("free-name");

        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.PlanLimit);
        Assert.Equal("persistent_tunnels", problem.GetProperty("limit").GetString());
        Assert.Equal("free", problem.GetProperty("plan").GetString());
        Assert.Equal("starter", problem.GetProperty("upgrade").GetString());
        Assert.Equal(
            "Your Free plan has no persistent tunnels. Upgrade to Starter for up to 1 persistent tunnel. Temporary tunnels (--temp) need no reserved name.",
            problem.GetProperty("detail").GetString());
        Assert.Empty((await account.ListTunnelsAsync()).Tunnels);
    }

    [Fact]
    public async Task Reserve_OnStarter_RefusesASecondName_NamingPro()
    {
        var account = await StarterAccountAsync();
        await account.ReserveTunnelAsync("first-one");

        using var response = await account.TryReserveTunnelAsync("second-one");

        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.PlanLimit);
        Assert.Equal("pro", problem.GetProperty("upgrade").GetString());
        Assert.Equal("Your Starter plan allows 1 persistent tunnel and you have 1. Upgrade to Pro for up to 3 persistent tunnels.", problem.GetProperty("detail").GetString());

        // Releasing makes room again.
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync("/api/v1/tunnels/first-one")).StatusCode);
        await account.ReserveTunnelAsync("second-one");
    }

    [Fact]
    public async Task Reserve_RefusesAnotherAccountsName_WithConflict()
    {
        var owner = await StarterAccountAsync();
        var other = await StarterAccountAsync();
        await owner.ReserveTunnelAsync("owned-name");

        using var response = await other.TryReserveTunnelAsync("owned-name");

        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Conflict, ErrorCodes.Conflict);
        Assert.Equal("The tunnel name 'owned-name' is taken by another account; choose another name.", problem.GetProperty("detail").GetString());
        Assert.Empty((await other.ListTunnelsAsync()).Tunnels);
    }

    [Theory]
    [InlineData("ab", "must be 3 to 63 characters long.")]
    [InlineData("temp-mine", "must not start with 'temp-': temporary tunnels' names start so.")]
    [InlineData("admin", "'admin' is reserved; choose another name.")]
    [InlineData("no_underscores", "may contain only lowercase letters a-z, digits 0-9 and '-'.")]
    [InlineData("   ", "is required.")]
    public async Task Reserve_RefusesInvalidNames_WithAFieldError(string name, string message)
    {
        var account = await StarterAccountAsync();

        using var response = await account.TryReserveTunnelAsync(name);

        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Reserve_RefusesAHostedServersSlug_OneNamespace()
    {
        var account = await StarterAccountAsync();
        var server = await account.CreateServerAsync("Shared Space");

        using var response = await account.TryReserveTunnelAsync(server.Slug);

        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Conflict, ErrorCodes.Conflict);
        Assert.Contains("is the address of a hosted server", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateServer_AvoidsSlugsThatAreTunnelNames()
    {
        var tunnelOwner = await StarterAccountAsync();
        await tunnelOwner.ReserveTunnelAsync("team-wiki");
        var other = await Bridge.SignupAsync();

        var server = await other.CreateServerAsync("Team Wiki");

        Assert.StartsWith("team-wiki-", server.Slug);
    }

    [Fact]
    public async Task Release_Deletes_DisconnectsTheAgent_AndAudits()
    {
        var account = await StarterAccountAsync();
        await account.ReserveTunnelAsync("going-away");
        var lease = await fixture.Bridge.Services.GetRequiredService<TunnelLeases>()
            .AcquireAsync(new TunnelConnectRequest(account.ApiKey, "going-away", false, null, IPAddress.Loopback), CancellationToken.None);
        fixture.Presence.Connect(lease.Value!, fixture.Clock.GetUtcNow());

        var response = await account.Client.DeleteAsync("/api/v1/tunnels/going-away");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(("going-away", "released"), fixture.Presence.Closed);
        Assert.Empty((await account.ListTunnelsAsync()).Tunnels);
        Assert.Contains(await account.GetAsync<AuditEntryInfo[]>("/api/v1/account/audit"), e => e.Action == "tunnel.release" && e.Detail == "going-away");
        Assert.False(await fixture.Bridge.Services.GetRequiredService<TunnelLeases>().ExistsAsync("going-away", CancellationToken.None));
    }

    [Fact]
    public async Task Release_IsNotFound_ForAnotherAccountsName()
    {
        var owner = await StarterAccountAsync();
        var other = await Bridge.SignupAsync();
        await owner.ReserveTunnelAsync("not-yours");

        var response = await other.Client.DeleteAsync("/api/v1/tunnels/not-yours");

        await ApiCalls.ProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Single((await owner.ListTunnelsAsync()).Tunnels);
    }

    [Fact]
    public async Task List_ShowsStatusAndTraffic_OfConnectedTunnels()
    {
        var account = await StarterAccountAsync();
        await account.ReserveTunnelAsync("busy-tunnel");
        var services = fixture.Bridge.Services;
        var lease = (await services.GetRequiredService<TunnelLeases>()
            .AcquireAsync(new TunnelConnectRequest(account.ApiKey, "busy-tunnel", false, null, IPAddress.Loopback), CancellationToken.None)).Value!;
        var since = fixture.Clock.GetUtcNow();
        fixture.Presence.Connect(lease, since, "198.51.100.20");
        var meter = services.GetRequiredService<TunnelMeter>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(meter.TryStartRequest(lease));
            meter.Record(lease, 200, bytesIn: 10, bytesOut: 100);
        }

        await services.GetRequiredService<TunnelUsageWriter>().FlushAsync(CancellationToken.None);
        var list = await account.ListTunnelsAsync();

        var tunnel = Assert.Single(list.Tunnels);
        Assert.Equal(TunnelStatus.Online, tunnel.Status);
        Assert.Equal(since, tunnel.ConnectedSince);
        Assert.Equal("198.51.100.20", tunnel.RemoteAddress);
        Assert.Equal(3, tunnel.RequestsToday);
        Assert.Equal(330, tunnel.BytesToday);
        Assert.Equal(3, tunnel.RequestsThisMonth);
        Assert.Equal(3, list.Limits.RequestsThisMonth);
        fixture.Presence.Disconnect("busy-tunnel");
    }

    [Fact]
    public async Task TunnelRoutes_NeedAnAccountKey()
    {
        await ApiCalls.ProblemAsync(await Bridge.Http.GetAsync("/api/v1/tunnels"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        var anonymous = await Bridge.Http.PostAsJsonAsync("/api/v1/tunnels", new ReserveTunnelRequest("nobody"), TestBridge.Json);
        await ApiCalls.ProblemAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheTunnelRoutes()
    {
        var document = await Bridge.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/tunnels").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/tunnels").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/tunnels/{name}").TryGetProperty("delete", out _));
    }

    [Fact]
    public async Task Plans_ShowTheTunnelLimits_InOrder()
    {
        var plans = await Bridge.Http.GetFromJsonAsync<PlanInfo[]>("/api/v1/plans", TestBridge.Json);
        Assert.Equal(new[] { "free", "starter", "pro", "team", "developer", "enterprise" }, plans!.Where(p => !p.Id.StartsWith("test-", StringComparison.Ordinal)).Select(p => p.Id));
        Assert.Equal(new int?[] { 0, 1, 3, 10, 50, null }, plans!.Take(6).Select(p => p.MaxPersistentTunnels));
        Assert.Equal(new int?[] { 1, 2, 3, 10, 50, null }, plans!.Take(6).Select(p => p.MaxTemporaryTunnels));
        Assert.Equal(new long?[] { 1_000, 10_000, 100_000, null, null, null }, plans!.Take(6).Select(p => p.MonthlyTunnelRequests));
    }

    private async Task<TestAccount> StarterAccountAsync()
    {
        var account = await Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(account.AccountId, "starter");
        return account;
    }
}

public sealed class TunnelApiTests_Sqlite(SqliteTunnelBridge fixture) : TunnelApiTests(fixture), IClassFixture<SqliteTunnelBridge>;

public sealed class TunnelApiTests_Postgres(PostgresTunnelBridge fixture) : TunnelApiTests(fixture), IClassFixture<PostgresTunnelBridge>;
