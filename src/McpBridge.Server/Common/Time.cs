using System.Globalization;

namespace McpBridge.Server.Common;

/// <summary>Timestamps are stored as UTC <see cref="DateTime"/> and shown as <see cref="DateTimeOffset"/>.</summary>
internal static class Time
{
    public static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? ToOffset(DateTime? utc) => utc is { } value ? ToOffset(value) : null;

    /// <summary>A month as one number (months since year 0), cheap to compute and compare on hot paths.</summary>
    public static int MonthNumber(DateTime utc) => (utc.Year * 12) + utc.Month - 1;

    /// <summary>A month number as stored: <c>yyyy-MM</c>.</summary>
    public static string MonthText(int monthNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"{monthNumber / 12:D4}-{(monthNumber % 12) + 1:D2}");

    public static DateTimeOffset NextMonthStart(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1));
    }
}
