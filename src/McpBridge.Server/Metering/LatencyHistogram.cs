using System.Globalization;

namespace McpBridge.Server.Metering;

/// <summary>
/// Call latencies in 16 fixed buckets (upper bounds in ms below, the last one open), stored as a comma-separated list
/// of counts. Percentiles are estimated by interpolating inside the bucket where they fall.
/// </summary>
internal static class LatencyHistogram
{
    public static readonly double[] UpperBoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, double.PositiveInfinity];

    public static int Bucket(double ms)
    {
        for (var i = 0; i < UpperBoundsMs.Length; i++)
        {
            if (ms <= UpperBoundsMs[i])
            {
                return i;
            }
        }

        return UpperBoundsMs.Length - 1;
    }

    public static long[] Parse(string? text)
    {
        var counts = new long[UpperBoundsMs.Length];
        if (string.IsNullOrEmpty(text))
        {
            return counts;
        }

        var parts = text.Split(',');
        for (var i = 0; i < Math.Min(parts.Length, counts.Length); i++)
        {
            counts[i] = long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return counts;
    }

    public static string Format(long[] counts) => string.Join(',', counts.Select(c => c.ToString(CultureInfo.InvariantCulture)));

    public static void Add(long[] into, long[] from)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] += from[i];
        }
    }

    /// <summary>The latency below which <paramref name="quantile"/> (0..1) of the calls fall.</summary>
    public static double Percentile(long[] counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return 0;
        }

        var target = quantile * total;
        double seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            if (seen + counts[i] >= target)
            {
                var lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
                var upper = double.IsPositiveInfinity(UpperBoundsMs[i]) ? lower * 2 : UpperBoundsMs[i];
                return Math.Round(lower + ((target - seen) / counts[i] * (upper - lower)), 2);
            }

            seen += counts[i];
        }

        return UpperBoundsMs[^2];
    }
}
