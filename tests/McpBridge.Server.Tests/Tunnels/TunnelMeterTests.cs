using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Plans;
using McpBridge.Server.Tunnels;
using McpBridge.ServerTesting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Tunnels;

/// <summary><see cref="TunnelMeter"/> and <see cref="TunnelUsageWriter"/> on the real server and both databases.</summary>
public abstract class TunnelMeterTests(TunnelBridge fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    private TunnelMeter Meter => Bridge.Services.GetRequiredService<TunnelMeter>();

    [Fact]
    public async Task TryStartRequest_AdmitsExactlyTheMonthlyQuota_UnderConcurrency_ThenRefusesWith429()
    {
        var account = await AccountOnPlanAsync(monthlyTunnelRequests: 5_000);
        var lease = await PersistentLeaseAsync(account, "quota-edge");
        var allowed = 0;
        ApiError? refusal = null;

        // Threads released together by a barrier, each trying far more than its share: the limit is hit while they race.
        const int threads = 8;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 1_000; i++)
            {
                if (Meter.TryStartRequest(lease) is { } error)
                {
                    Volatile.Write(ref refusal, error);
                }
                else
                {
                    Interlocked.Increment(ref allowed);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(5_000, allowed);
        Assert.NotNull(refusal);
        Assert.Equal(StatusCodes.Status429TooManyRequests, refusal.Status);
        Assert.Equal(ErrorCodes.QuotaExceeded, refusal.Code);
        var reset = NextMonth(fixture.Clock.GetUtcNow());
        Assert.Equal(
            $"Monthly tunnel quota reached: 5,000 of 5,000 requests on the Tiny plan. It resets on {reset:yyyy-MM-dd} (UTC). Upgrade to Starter for 10,000 tunnel requests a month.",
            refusal.Detail);
        Assert.Equal(5_000L, refusal.Extensions!["limit"]);
        Assert.Equal("starter", refusal.Extensions["upgrade"]);
        Assert.Equal(reset, refusal.Extensions["resetsAt"]);
    }

    [Fact]
    public async Task TryStartRequest_CountsFromWhatTheDatabaseHolds_AfterARestart()
    {
        var account = await AccountOnPlanAsync(monthlyTunnelRequests: 5);
        var lease = await PersistentLeaseAsync(account, "survives-restart");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(Meter.TryStartRequest(lease));
            Meter.Record(lease, 200, 1, 1);
        }

        await Bridge.StopAsync(); // a graceful stop stores what was counted
        await Bridge.StartAsync();
        lease = await PersistentLeaseAsync(account, "survives-restart");

        Assert.Null(Meter.TryStartRequest(lease));
        Assert.Null(Meter.TryStartRequest(lease));
        Assert.NotNull(Meter.TryStartRequest(lease));
    }

    [Fact]
    public async Task TryStartRequest_StartsAgain_InANewMonth()
    {
        var account = await AccountOnPlanAsync(monthlyTunnelRequests: 1);
        var lease = await PersistentLeaseAsync(account, "monthly-reset");
        Assert.Null(Meter.TryStartRequest(lease));
        Assert.NotNull(Meter.TryStartRequest(lease));

        var now = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(NextMonth(now) - now);

        Assert.Null(Meter.TryStartRequest(lease));
        Assert.NotNull(Meter.TryStartRequest(lease));
    }

    [Fact]
    public async Task TryStartRequest_CapsAnAnonymousTunnel_AtAThousandRequests()
    {
        var lease = (await Bridge.Services.GetRequiredService<TunnelLeases>()
            .AcquireAsync(new TunnelConnectRequest(null, null, true, null, IPAddress.Parse("192.0.2.99")), CancellationToken.None)).Value!;

        var allowed = Enumerable.Range(0, 1_100).Count(_ => Meter.TryStartRequest(lease) is null);
        var refusal = Meter.TryStartRequest(lease);

        Assert.Equal(1_000, allowed);
        Assert.NotNull(refusal);
        Assert.Equal(StatusCodes.Status429TooManyRequests, refusal.Status);
        Assert.Equal(ErrorCodes.QuotaExceeded, refusal.Code);
        Assert.Equal(
            "This temporary tunnel has forwarded 1,000 requests, the most a tunnel without an account may. Sign up (`mcp-bridge signup`) and connect with your account key for more.",
            refusal.Detail);
    }

    [Fact]
    public async Task Record_WritesDailyRows_IncrementedInPlace_AndCountingErrorsAndBytes()
    {
        var account = await AccountOnPlanAsync(monthlyTunnelRequests: null);
        var lease = await PersistentLeaseAsync(account, "usage-rows");
        var writer = Bridge.Services.GetRequiredService<TunnelUsageWriter>();
        Meter.Record(lease, 200, 100, 1_000);
        Meter.Record(lease, 502, 10, 20);
        Meter.Record(lease, 404, 1, 2);
        await writer.FlushAsync(CancellationToken.None);
        Meter.Record(lease, 503, 5, 5);
        await writer.FlushAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        await using var db = await Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync();
        var row = await db.TunnelUsageDaily.AsNoTracking().SingleAsync(u => u.TunnelName == "usage-rows");
        Assert.Equal(account.AccountId, row.AccountId);
        Assert.Equal(today, row.Day);
        Assert.Equal(4, row.Requests);
        Assert.Equal(2, row.Errors);
        Assert.Equal(116, row.BytesIn);
        Assert.Equal(1_027, row.BytesOut);

        // Another day is another row.
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        Meter.Record(lease, 200, 0, 0);
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal(2, await db.TunnelUsageDaily.CountAsync(u => u.TunnelName == "usage-rows"));
    }

    [Fact]
    public async Task Record_WritesAnonymousTunnelsUsage_WithoutAnAccount()
    {
        var lease = (await Bridge.Services.GetRequiredService<TunnelLeases>()
            .AcquireAsync(new TunnelConnectRequest(null, "anon-usage", true, null, IPAddress.Parse("192.0.2.98")), CancellationToken.None)).Value!;
        Meter.Record(lease, 200, 3, 4);
        Meter.Record(lease, 200, 3, 4);

        await Bridge.Services.GetRequiredService<TunnelUsageWriter>().FlushAsync(CancellationToken.None);

        await using var db = await Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync();
        var row = await db.TunnelUsageDaily.AsNoTracking().SingleAsync(u => u.TunnelName == lease.Name);
        Assert.Null(row.AccountId);
        Assert.Equal(2, row.Requests);
        Assert.Equal(6, row.BytesIn);
    }

    private static DateTimeOffset NextMonth(DateTimeOffset now) => new(new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1));

    private async Task<TunnelLease> PersistentLeaseAsync(TestAccount account, string name)
    {
        var result = await Bridge.Services.GetRequiredService<TunnelLeases>()
            .AcquireAsync(new TunnelConnectRequest(account.ApiKey, name, false, null, IPAddress.Loopback), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Detail);
        return result.Value;
    }

    /// <summary>An account on a plan of its own between Free and Starter, with one persistent name and this monthly quota.</summary>
    private async Task<TestAccount> AccountOnPlanAsync(long? monthlyTunnelRequests)
    {
        var account = await Bridge.SignupAsync();
        var planId = $"test-{Guid.NewGuid():N}"[..20];
        await using (var db = await Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync())
        {
            db.Plans.Add(new Plan
            {
                Id = planId, Name = "Tiny", MaxServers = 1, MaxToolsPerServer = 1, MaxPersistentTunnels = 1, MaxTemporaryTunnels = 1,
                MonthlyTunnelRequests = monthlyTunnelRequests, SortOrder = 5,
            });
            await db.SaveChangesAsync();
        }

        Bridge.Services.GetRequiredService<PlanCatalog>().Invalidate();
        await fixture.Admin.SetPlanAsync(account.AccountId, planId);
        return account;
    }
}

public sealed class TunnelMeterTests_Sqlite(SqliteTunnelBridge fixture) : TunnelMeterTests(fixture), IClassFixture<SqliteTunnelBridge>;

public sealed class TunnelMeterTests_Postgres(PostgresTunnelBridge fixture) : TunnelMeterTests(fixture), IClassFixture<PostgresTunnelBridge>;
