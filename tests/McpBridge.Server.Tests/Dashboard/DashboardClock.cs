using McpBridge.TestSupport.Time;

namespace McpBridge.Server.Tests.Dashboard;

internal static class DashboardClock
{
    /// <summary>
    /// A fake clock set to the real time: cookies the bridge dates by its clock (the OAuth correlation cookie expires
    /// 15 minutes after it is set) must not look expired to a cookie jar that goes by the real one, as a browser does.
    /// </summary>
    public static FakeTimeProvider StartingNow()
    {
        var clock = new FakeTimeProvider(coalescePeriodicTimers: true);
        clock.Advance(DateTimeOffset.UtcNow - clock.GetUtcNow());
        return clock;
    }
}
