namespace McpBridge.Server.Tunnels;

/// <summary>Which tunnels have an agent connected: implemented by the relay's registry.</summary>
internal interface ITunnelPresence
{
    /// <summary>The connected agent serving <paramref name="name"/>, or null.</summary>
    TunnelPresence? Find(string name);

    /// <summary>How many connected agents' leases match <paramref name="predicate"/>.</summary>
    int CountLive(Func<TunnelLease, bool> predicate);

    /// <summary>Closes a connected agent (used when a name is released): the agent is told <paramref name="reason"/> and does not reconnect.</summary>
    ValueTask DisconnectAsync(string name, string reason, CancellationToken cancellationToken);
}
