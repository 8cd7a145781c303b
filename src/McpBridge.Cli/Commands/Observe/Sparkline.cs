namespace McpBridge.Cli.Commands.Observe;

/// <summary>A one-line chart of a series: ▁▂▃▄▅▆▇█, scaled to the series' maximum.</summary>
internal static class Sparkline
{
    private const string Levels = "▁▂▃▄▅▆▇█";

    public static string Render(IEnumerable<long> values)
    {
        var series = values.ToArray();
        var max = series.Length == 0 ? 0 : series.Max();
        return string.Concat(series.Select(v => max <= 0 || v <= 0
            ? Levels[0]
            : Levels[(int)Math.Clamp(Math.Ceiling((double)v / max * Levels.Length) - 1, 0, Levels.Length - 1)]));
    }

    /// <summary>A horizontal bar of up to <paramref name="width"/> cells for <paramref name="value"/> out of <paramref name="max"/>.</summary>
    public static string Bar(long value, long max, int width)
    {
        if (max <= 0 || value <= 0)
        {
            return string.Empty;
        }

        var cells = Math.Max(1, (int)Math.Round((double)value / max * width));
        return new string('█', cells);
    }
}
