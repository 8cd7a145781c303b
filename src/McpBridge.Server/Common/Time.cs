namespace McpBridge.Server.Common;

/// <summary>Timestamps are stored as UTC <see cref="DateTime"/> and shown as <see cref="DateTimeOffset"/>.</summary>
internal static class Time
{
    public static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? ToOffset(DateTime? utc) => utc is { } value ? ToOffset(value) : null;

    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset NextMonthStart(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1));
    }
}
