using System.Diagnostics;
using McpBridge.Client.Tunnels;

namespace McpBridge.Bench.TunnelAgent;

/// <summary>
/// Many temporary tunnels in one process, each its own <see cref="CloudConnector"/> (its own WebSocket, heartbeat and
/// reconnection), to the same local target. Keeps count of the connectors that are connected right now.
/// </summary>
internal sealed class AgentFleet(AgentArguments arguments) : IAsyncDisposable
{
    private readonly List<CloudConnector> _connectors = new(arguments.Count);
    private int _connected;
    private int _disconnects;
    private int _failures;

    public int Connected => Volatile.Read(ref _connected);

    public int Disconnects => Volatile.Read(ref _disconnects);

    public int Failures => Volatile.Read(ref _failures);

    public IReadOnlyList<CloudConnector> Connectors => _connectors;

    /// <summary>Connects every agent, at most <see cref="AgentArguments.Parallel"/> at a time; returns how long it took.</summary>
    public async Task<TimeSpan> ConnectAllAsync(Action<int> progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < arguments.Count; i++)
        {
            var connector = new CloudConnector(new CloudConnectorOptions
            {
                ServerUrl = arguments.Server,
                TargetUrl = arguments.Target,
                ApiKey = arguments.ApiKey,
                Temporary = true,
                MaxConcurrentRequests = 1000,
            });
            connector.Disconnected += (_, _) =>
            {
                Interlocked.Decrement(ref _connected);
                Interlocked.Increment(ref _disconnects);
            };
            connector.Reconnected += (_, _) => Interlocked.Increment(ref _connected);
            _connectors.Add(connector);
        }

        var done = 0;
        await Parallel.ForEachAsync(
            _connectors,
            new ParallelOptions { MaxDegreeOfParallelism = arguments.Parallel, CancellationToken = cancellationToken },
            async (connector, token) =>
            {
                try
                {
                    await connector.ConnectAsync(token);
                    Interlocked.Increment(ref _connected);
                }
                catch (CloudConnectorException ex)
                {
                    if (Interlocked.Increment(ref _failures) <= 3)
                    {
                        await Console.Error.WriteLineAsync($"TunnelAgent: a connect failed: {ex.Message}");
                    }
                }

                var n = Interlocked.Increment(ref done);
                if (n % 1000 == 0)
                {
                    progress(n);
                }
            });
        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Parallel.ForEachAsync(_connectors, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (connector, _) => await connector.DisconnectAsync(timeout.Token));
        }
        catch (OperationCanceledException)
        {
            // Shutting down anyway: the relay sees the sockets close with the process.
        }
    }
}
