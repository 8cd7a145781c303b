namespace McpBridge.Server.Tunnels;

internal interface ITunnelPresence
{
    TunnelPresence? Find(string name);

    int CountLive(Func<TunnelLease, bool> predicate);

    ValueTask DisconnectAsync(string name, string reason, CancellationToken cancellationToken);
}
