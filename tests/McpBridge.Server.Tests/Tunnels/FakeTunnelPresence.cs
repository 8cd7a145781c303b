using System.Collections.Concurrent;
using McpBridge.Server.Tunnels;

namespace McpBridge.Server.Tests.Tunnels;

/// <summary>Stands in for the relay's registry: tests say which leases are connected, and see which agents were closed.</summary>
public sealed class FakeTunnelPresence : ITunnelPresence
{
    private readonly ConcurrentDictionary<string, TunnelPresence> _connected = new(StringComparer.Ordinal);

    /// <summary>Names closed through <see cref="ITunnelPresence.DisconnectAsync"/>, with the reason given.</summary>
    public ConcurrentQueue<(string Name, string Reason)> Closed { get; } = new();

    public bool IsConnected(string name) => _connected.ContainsKey(name);

    internal void Connect(TunnelLease lease, DateTimeOffset since, string? remoteAddress = "203.0.113.7") =>
        _connected[lease.Name] = new TunnelPresence(lease, since, since, remoteAddress);

    public void Disconnect(string name) => _connected.TryRemove(name, out _);

    TunnelPresence? ITunnelPresence.Find(string name) => _connected.GetValueOrDefault(name);

    int ITunnelPresence.CountLive(Func<TunnelLease, bool> predicate) => _connected.Values.Count(p => predicate(p.Lease));

    ValueTask ITunnelPresence.DisconnectAsync(string name, string reason, CancellationToken cancellationToken)
    {
        Closed.Enqueue((name, reason));
        _connected.TryRemove(name, out _);
        return ValueTask.CompletedTask;
    }
}
