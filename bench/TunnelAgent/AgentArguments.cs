using System.Globalization;

namespace McpBridge.Bench.TunnelAgent;

/// <summary>The command line: <c>--server URL --target URL [--api-key KEY] [--count N] [--parallel N]</c>.</summary>
internal sealed record AgentArguments(Uri Server, Uri Target, string? ApiKey, int Count, int Parallel)
{
    public const string Usage = "usage: TunnelAgent --server http://127.0.0.1:PORT --target http://127.0.0.1:PORT [--api-key mcpb_ak_...] [--count N] [--parallel N]";

    public static AgentArguments? Parse(string[] args, TextWriter errors)
    {
        Uri? server = null;
        Uri? target = null;
        string? apiKey = null;
        var count = 1;
        var parallel = 64;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = args[i] switch
            {
                "--server" => Uri.TryCreate(value, UriKind.Absolute, out server),
                "--target" => Uri.TryCreate(value, UriKind.Absolute, out target),
                "--api-key" => !string.IsNullOrWhiteSpace(apiKey = value),
                "--count" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count > 0,
                "--parallel" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out parallel) && parallel > 0,
                _ => false,
            };
            if (!ok)
            {
                errors.WriteLine($"TunnelAgent: bad or unknown argument '{args[i]}' '{value}'.");
                errors.WriteLine(Usage);
                return null;
            }

            i++;
        }

        if (server is null || target is null)
        {
            errors.WriteLine(Usage);
            return null;
        }

        return new AgentArguments(server, target, apiKey, count, parallel);
    }
}
