namespace McpBridge.Cli.Tests.Support;

/// <summary>A clock that stands still at a given instant, in UTC as the local time zone, so printed times are exact.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
