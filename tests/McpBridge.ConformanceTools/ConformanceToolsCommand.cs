using System.Globalization;

namespace McpBridge.ConformanceTools;

/// <summary>
/// <c>McpBridge.ConformanceTools stdio [--diagnostics]</c> or
/// <c>McpBridge.ConformanceTools http --port P [--diagnostics] [--exit-with-stdin]</c> (P = 0 picks a free port; the
/// bound URL is the first line on stdout). Runs until stdin closes (stdio, or http with <c>--exit-with-stdin</c>, so a
/// test's child never outlives the test process) or the process is stopped (SIGTERM, Ctrl+C).
/// </summary>
internal static class ConformanceToolsCommand
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;

    private const string Usage = "usage: McpBridge.ConformanceTools stdio [--diagnostics] | http --port P [--diagnostics] [--exit-with-stdin]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            await stderr.WriteLineAsync(Usage);
            return ExitUsage;
        }

        var diagnostics = args.Contains("--diagnostics", StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        switch (args[0])
        {
            case "stdio":
                await StdioHost.RunAsync(diagnostics, stop.Token);
                return ExitOk;
            case "http":
                var portIndex = Array.IndexOf(args, "--port");
                var port = 0;
                if (portIndex >= 0 && (portIndex + 1 >= args.Length || !int.TryParse(args[portIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port)))
                {
                    await stderr.WriteLineAsync(Usage);
                    return ExitUsage;
                }

                if (args.Contains("--exit-with-stdin", StringComparer.Ordinal))
                {
                    _ = StopWhenStdinClosesAsync(stop);
                }

                await HttpHost.RunAsync(port, diagnostics, stdout, stop.Token);
                return ExitOk;
            default:
                await stderr.WriteLineAsync(Usage);
                return ExitUsage;
        }
    }

    private static async Task StopWhenStdinClosesAsync(CancellationTokenSource stop)
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await stdin.ReadAsync(buffer) > 0)
        {
        }

        await stop.CancelAsync();
    }
}
