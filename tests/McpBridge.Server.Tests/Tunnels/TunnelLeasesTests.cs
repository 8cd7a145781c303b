using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Tunnels;
using McpBridge.ServerTesting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Tunnels;

/// <summary><see cref="TunnelLeases.AcquireAsync"/> as the relay calls it, on the real server and both databases.</summary>
public abstract class TunnelLeasesTests(TunnelBridge fixture)
{
    private static int s_address;

    private TestBridge Bridge => fixture.Bridge;

    private TunnelLeases Leases => Bridge.Services.GetRequiredService<TunnelLeases>();

    [Fact]
    public async Task Acquire_RefusesAPersistentTunnel_WithoutAKey()
    {
        var result = await AcquireAsync(null, "no-key-name", temporary: false);

        AssertError(result, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "needs an account key");
    }

    [Theory]
    [InlineData("mcpb_ak_0000000000000000000000000000000000000000")]
    [InlineData("not-a-key")]
    public async Task Acquire_RefusesABadKey_ForPersistentAndTemporaryTunnels(string key)
    {
        AssertError(await AcquireAsync(key, "bad-key", temporary: false), StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "not valid");
        AssertError(await AcquireAsync(key, null, temporary: true), StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "not valid");
    }

    [Fact]
    public async Task Acquire_RefusesARevokedKey_AndAServerKey()
    {
        var account = await StarterAccountAsync();
        var created = await ApiCalls.ExpectAsync<KeyCreated>(await account.Client.PostAsync("/api/v1/account/keys", JsonContent("{}")), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/account/keys/{created.Id}")).StatusCode);
        var server = await account.CreateServerAsync("Key Kinds");
        var serverKey = await account.CreateServerKeyAsync(server.Id);

        AssertError(await AcquireAsync(created.Key, "revoked", temporary: false), StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "revoked");
        AssertError(await AcquireAsync(serverKey.Key, "server-key", temporary: false), StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "server key");
    }

    [Fact]
    public async Task Acquire_RefusesAPersistentTunnel_WithoutAName()
    {
        var account = await StarterAccountAsync();

        var result = await AcquireAsync(account.ApiKey, "  ", temporary: false);

        AssertError(result, StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "is required for a persistent tunnel");
        Assert.Contains("name", result.Error!.Errors!.Keys);
    }

    [Fact]
    public async Task Acquire_ReservesAPersistentName_OnFirstUse_AndGivesItBackAfterwards()
    {
        var account = await StarterAccountAsync();

        var first = await AcquireAsync(account.ApiKey, "First-Use", temporary: false);
        var again = await AcquireAsync(account.ApiKey, "first-use", temporary: false);

        Assert.True(first.IsSuccess, first.Error?.Detail);
        Assert.Equal(new TunnelLease("first-use", account.AccountId, "starter", false, null, null), first.Value);
        Assert.Equal(first.Value, again.Value);
        var tunnel = Assert.Single((await account.ListTunnelsAsync()).Tunnels);
        Assert.Equal("first-use", tunnel.Name);
        Assert.Equal(fixture.Clock.GetUtcNow(), tunnel.LastSeen);
        Assert.True(await Leases.ExistsAsync("first-use", CancellationToken.None));
    }

    [Fact]
    public async Task Acquire_RefusesAPersistentName_OverThePlan_AnotherAccountsName_AndAnInvalidName()
    {
        var free = await Bridge.SignupAsync();
        var owner = await StarterAccountAsync();
        var other = await StarterAccountAsync();
        Assert.True((await AcquireAsync(owner.ApiKey, "owners-name", temporary: false)).IsSuccess);

        AssertError(await AcquireAsync(free.ApiKey, "free-first", temporary: false), StatusCodes.Status403Forbidden, ErrorCodes.PlanLimit, "Upgrade to Starter");
        AssertError(await AcquireAsync(owner.ApiKey, "owners-second", temporary: false), StatusCodes.Status403Forbidden, ErrorCodes.PlanLimit, "Upgrade to Pro");
        AssertError(await AcquireAsync(other.ApiKey, "owners-name", temporary: false), StatusCodes.Status409Conflict, ErrorCodes.Conflict, "taken by another account");
        var invalid = await AcquireAsync(other.ApiKey, "-bad-", temporary: false);
        AssertError(invalid, StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "must start and end");
        Assert.Equal(["must start and end with a letter or a digit."], invalid.Error!.Errors!["name"]);
    }

    [Fact]
    public async Task Acquire_IssuesATemporaryName_AndTheResumeTokenGivesTheSameNameAndExpiryBack()
    {
        var account = await Bridge.SignupAsync();
        var now = fixture.Clock.GetUtcNow();

        var issued = (await AcquireAsync(account.ApiKey, "Client-Demo", temporary: true)).Value!;

        Assert.Matches("^temp-client-demo-[a-z0-9]{6}$", issued.Name);
        Assert.True(issued.Temporary);
        Assert.Equal(account.AccountId, issued.AccountId);
        Assert.Equal("free", issued.PlanId);
        Assert.Equal(now.AddHours(2), issued.ExpiresAt);
        Assert.NotNull(issued.ResumeToken);
        Assert.True(await Leases.ExistsAsync(issued.Name, CancellationToken.None));

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var resumed = (await AcquireAsync(account.ApiKey, "client-demo", temporary: true, resume: issued.ResumeToken)).Value!;

        Assert.Equal(issued.Name, resumed.Name);
        Assert.Equal(issued.ExpiresAt, resumed.ExpiresAt);
        Assert.Null(resumed.ResumeToken); // given once
        var listed = Assert.Single((await account.ListTunnelsAsync()).Tunnels);
        Assert.Equal(issued.Name, listed.Name);
        Assert.True(listed.Temporary);
        Assert.Equal(issued.ExpiresAt, listed.ExpiresAt);
    }

    [Fact]
    public async Task Acquire_IssuesANewName_ForAWrongResumeToken()
    {
        var address = NextAddress();
        var issued = (await AcquireAsync(null, null, temporary: true, address: address)).Value!;

        var other = (await AcquireAsync(null, null, temporary: true, resume: issued.ResumeToken + "x", address: address)).Value!;

        Assert.Matches("^temp-[a-z0-9]{8}$", issued.Name);
        Assert.NotEqual(issued.Name, other.Name);
        Assert.NotNull(other.ResumeToken);
        Assert.Null(issued.AccountId);
        Assert.Null(issued.PlanId);
    }

    [Fact]
    public async Task Acquire_LimitsAnAccountsTemporaryTunnels_ToThePlan()
    {
        var account = await Bridge.SignupAsync(); // Free: one temporary tunnel at a time
        var first = (await AcquireAsync(account.ApiKey, null, temporary: true)).Value!;
        fixture.Presence.Connect(first, fixture.Clock.GetUtcNow());
        try
        {
            var refused = await AcquireAsync(account.ApiKey, null, temporary: true);

            AssertError(refused, StatusCodes.Status403Forbidden, ErrorCodes.PlanLimit,
                "Your Free plan allows 1 temporary tunnel at a time and 1 is connected. Stop one, or upgrade to Starter for up to 2 temporary tunnels at a time.");
            Assert.Equal("temporary_tunnels", refused.Error!.Extensions!["limit"]);
            Assert.Equal("starter", refused.Error.Extensions["upgrade"]);

            // Its own name comes back with the token even so: that is the same tunnel reconnecting.
            Assert.Equal(first.Name, (await AcquireAsync(account.ApiKey, null, temporary: true, resume: first.ResumeToken)).Value!.Name);
        }
        finally
        {
            fixture.Presence.Disconnect(first.Name);
        }

        Assert.True((await AcquireAsync(account.ApiKey, null, temporary: true)).IsSuccess);
    }

    [Fact]
    public async Task Acquire_LimitsAnonymousTunnels_ToTwoConnectedPerAddress()
    {
        var address = NextAddress();
        var first = (await AcquireAsync(null, null, temporary: true, address: address)).Value!;
        var second = (await AcquireAsync(null, null, temporary: true, address: address)).Value!;
        fixture.Presence.Connect(first, fixture.Clock.GetUtcNow());
        fixture.Presence.Connect(second, fixture.Clock.GetUtcNow());
        try
        {
            var refused = await AcquireAsync(null, null, temporary: true, address: address);

            AssertError(refused, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "Too many temporary tunnels without an account from your address: at most 2 may be connected at once. Stop one first, or sign up (`mcp-bridge signup`) and connect with your account key.");

            // Another address is not held back; the same address's IPv4-mapped IPv6 form is.
            Assert.True((await AcquireAsync(null, null, temporary: true, address: NextAddress())).IsSuccess);
            Assert.False((await AcquireAsync(null, null, temporary: true, address: address.MapToIPv6())).IsSuccess);
        }
        finally
        {
            fixture.Presence.Disconnect(first.Name);
            fixture.Presence.Disconnect(second.Name);
        }

        Assert.True((await AcquireAsync(null, null, temporary: true, address: address)).IsSuccess);
    }

    [Fact]
    public async Task Acquire_LimitsAnonymousTunnels_ToTenCreatedPerHourPerAddress()
    {
        var address = NextAddress();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await AcquireAsync(null, null, temporary: true, address: address)).IsSuccess);
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await AcquireAsync(null, null, temporary: true, address: address);

        AssertError(refused, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "at most 10 may be created per hour. Try again in 50 min");
        Assert.Equal(50 * 60, refused.Error!.Extensions!["retryAfterSeconds"]);
        Assert.True((await AcquireAsync(null, null, temporary: true, address: NextAddress())).IsSuccess);

        fixture.Clock.Advance(TimeSpan.FromMinutes(51));
        Assert.True((await AcquireAsync(null, null, temporary: true, address: address)).IsSuccess);
    }

    [Fact]
    public async Task TemporaryName_ExpiresAfterTwoHours_ThenIsIgnoredAndSwept()
    {
        var account = await Bridge.SignupAsync();
        var issued = (await AcquireAsync(account.ApiKey, "short-lived", temporary: true)).Value!;
        fixture.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(issued.Name, (await AcquireAsync(account.ApiKey, null, temporary: true, resume: issued.ResumeToken)).Value!.Name);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        var after = (await AcquireAsync(account.ApiKey, "short-lived", temporary: true, resume: issued.ResumeToken)).Value!;
        Assert.NotEqual(issued.Name, after.Name);
        Assert.False(await Leases.ExistsAsync(issued.Name, CancellationToken.None));
        Assert.DoesNotContain((await account.ListTunnelsAsync()).Tunnels, t => t.Name == issued.Name);
        await ApiCalls.ProblemAsync(await account.Client.DeleteAsync($"/api/v1/tunnels/{issued.Name}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await Bridge.Services.GetRequiredService<TunnelUsageWriter>().HousekeepAsync(CancellationToken.None);
        await using var db = await Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync();
        Assert.False(await db.TunnelNames.AnyAsync(t => t.Name == issued.Name));
        Assert.True(await db.TunnelNames.AnyAsync(t => t.Name == after.Name));
    }

    [Fact]
    public async Task Exists_IsFalse_ForUnknownAndMalformedNames()
    {
        Assert.False(await Leases.ExistsAsync("never-reserved", CancellationToken.None));
        Assert.False(await Leases.ExistsAsync("Not A Name", CancellationToken.None));
        Assert.False(await Leases.ExistsAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task Disconnected_RecordsWhenTheAgentWasLastConnected()
    {
        var account = await StarterAccountAsync();
        var lease = (await AcquireAsync(account.ApiKey, "comes-and-goes", temporary: false)).Value!;
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var left = fixture.Clock.GetUtcNow();

        Leases.Disconnected(lease);
        await Bridge.Services.GetRequiredService<TunnelUsageWriter>().FlushAsync(CancellationToken.None);

        Assert.Equal(left, Assert.Single((await account.ListTunnelsAsync()).Tunnels).LastSeen);
    }

    private static System.Net.Http.StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>A documentation address (203.0.113.0/24, 198.51.100.0/24) no other test uses, for the per-address limits.</summary>
    private static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref s_address);
        return new IPAddress([(byte)(n % 2 == 0 ? 203 : 198), (byte)(n % 2 == 0 ? 0 : 51), (byte)(n % 2 == 0 ? 113 : 100), (byte)(n % 250 + 1)]);
    }

    private ValueTask<Result<TunnelLease>> AcquireAsync(string? key, string? name, bool temporary, string? resume = null, IPAddress? address = null) =>
        Leases.AcquireAsync(new TunnelConnectRequest(key, name, temporary, resume, address ?? IPAddress.Parse("192.0.2.1")), CancellationToken.None);

    private static void AssertError(Result<TunnelLease> result, int status, string code, string detail)
    {
        Assert.False(result.IsSuccess, $"expected {status} {code}, got the lease {result.Value}");
        Assert.Equal(status, result.Error.Status);
        Assert.Equal(code, result.Error.Code);
        Assert.Contains(detail, result.Error.Detail);
    }

    private async Task<TestAccount> StarterAccountAsync()
    {
        var account = await Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(account.AccountId, "starter");
        return account;
    }
}

public sealed class TunnelLeasesTests_Sqlite(SqliteTunnelBridge fixture) : TunnelLeasesTests(fixture), IClassFixture<SqliteTunnelBridge>;

public sealed class TunnelLeasesTests_Postgres(PostgresTunnelBridge fixture) : TunnelLeasesTests(fixture), IClassFixture<PostgresTunnelBridge>;
