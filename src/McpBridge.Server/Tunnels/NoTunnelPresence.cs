namespace McpBridge.Server.Tunnels;

/// <summary>No relay: every tunnel is offline. The relay's registry replaces it.</summary>
internal sealed class NoTunnelPresence : ITunnelPresence
{
    public TunnelPresence? Find(string name) => null;

    public int CountLive(Func<TunnelLease, bool> predicate) => 0;

    public ValueTask DisconnectAsync(string name, string reason, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
