using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using McpBridge.Bench.TunnelAgent;

// Opens --count temporary tunnels to --target through the relay at --server (anonymous, or an account's with --api-key),
// prints one JSON line when they are up
// ({"url","name"} of the first, and how many connected), then one status line every 2 s, until SIGTERM or SIGINT.
var arguments = AgentArguments.Parse(args, Console.Error);
if (arguments is null)
{
    return 2;
}

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

await using var fleet = new AgentFleet(arguments);
TimeSpan took;
try
{
    took = await fleet.ConnectAllAsync(n => Console.Error.WriteLine($"TunnelAgent: {n}/{arguments.Count} connected"), stop.Token);
}
catch (OperationCanceledException)
{
    return 130;
}

var first = fleet.Connectors.FirstOrDefault(c => c.IsConnected);
Print(new Dictionary<string, object?>
{
    ["event"] = "ready",
    ["url"] = first?.Url?.ToString(),
    ["name"] = first?.Subdomain,
    ["requested"] = arguments.Count,
    ["connected"] = fleet.Connected,
    ["failed"] = fleet.Failures,
    ["connect_s"] = Math.Round(took.TotalSeconds, 2),
});
if (fleet.Connected == 0)
{
    return 1;
}

using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
try
{
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        Print(new Dictionary<string, object?>
        {
            ["event"] = "status",
            ["time"] = DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["connected"] = fleet.Connected,
            ["disconnects"] = fleet.Disconnects,
        });
    }
}
catch (OperationCanceledException)
{
    // SIGTERM or SIGINT: disconnect cleanly (DisposeAsync) and exit.
}

return 0;

static void Print(Dictionary<string, object?> line)
{
    Console.Out.WriteLine(JsonSerializer.Serialize(line));
    Console.Out.Flush();
}
