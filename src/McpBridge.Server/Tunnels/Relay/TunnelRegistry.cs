using System.Collections.Concurrent;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>Which agent holds which name, on this node. A new connection for a name replaces the old one (an agent that reconnected before the relay noticed it was gone).</summary>
internal sealed class TunnelRegistry(TimeProvider time) : ITunnelPresence
{
    private readonly ConcurrentDictionary<string, RelayAgent> _agents = new(StringComparer.Ordinal);

    public int Count => _agents.Count;

    public IEnumerable<RelayAgent> Agents => _agents.Values;

    public bool TryGet(string name, out RelayAgent agent) => _agents.TryGetValue(name, out agent!);

    /// <summary>Adds <paramref name="agent"/>; returns the agent it replaced, which the caller closes.</summary>
    public RelayAgent? Register(RelayAgent agent)
    {
        RelayAgent? replaced = null;
        _agents.AddOrUpdate(agent.Lease.Name, agent, (_, old) =>
        {
            replaced = old;
            return agent;
        });
        return replaced;
    }

    /// <summary>Removes <paramref name="agent"/> if it is still the one registered for its name.</summary>
    public bool Unregister(RelayAgent agent) => _agents.TryRemove(new KeyValuePair<string, RelayAgent>(agent.Lease.Name, agent));

    public TunnelPresence? Find(string name) =>
        _agents.TryGetValue(name, out var agent)
            ? new TunnelPresence(agent.Lease, agent.ConnectedSince, time.GetUtcNow() - agent.Connection.SinceLastReceived, agent.RemoteAddress)
            : null;

    public int CountLive(Func<TunnelLease, bool> predicate)
    {
        var count = 0;
        foreach (var agent in _agents.Values)
        {
            if (predicate(agent.Lease))
            {
                count++;
            }
        }

        return count;
    }

    public async ValueTask DisconnectAsync(string name, string reason, CancellationToken cancellationToken)
    {
        if (_agents.TryRemove(name, out var agent))
        {
            await SayGoodbyeAsync(agent, TunnelNotice.Closing, reason, cancellationToken);
        }
    }

    /// <summary>Tells the agent the tunnel is over (it will not reconnect) and closes its connection.</summary>
    public static async ValueTask SayGoodbyeAsync(RelayAgent agent, string kind, string message, CancellationToken cancellationToken)
    {
        try
        {
            await agent.Connection.SendNoticeAsync(new TunnelNotice { Kind = kind, Name = agent.Lease.Name, Message = message, ExpiresAt = agent.Lease.ExpiresAt }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone: closing below is all that is left to do.
        }

        await agent.Connection.CloseAsync(message, cancellationToken);
    }
}
