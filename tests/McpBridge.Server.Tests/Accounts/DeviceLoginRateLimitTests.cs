using System.Net;
using System.Net.Http.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Accounts;

/// <summary>Starting device logins is anonymous, so it is limited per client address (a bridge of its own: the limit is per process).</summary>
public sealed class DeviceLoginRateLimitTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DeviceCode_IsRefusedWith429_AfterThirtyStartsInAnHourFromOneAddress(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider);
        for (var i = 0; i < 30; i++)
        {
            await bridge.StartDeviceLoginAsync();
        }

        using var refused = await bridge.Http.PostAsJsonAsync("/api/v1/device/code", new DeviceLoginRequest("one too many"), TestBridge.Json);
        var problem = await ApiCalls.ProblemAsync(refused, HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.Contains("try again later", problem.GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refusal says when to come back");

        // Polling is not limited by it: a CLI already waiting keeps polling.
        Assert.Equal(ErrorCodes.ExpiredToken, (await bridge.PollAsync(new string('a', 40))).Refusal);
    }
}
