#pragma warning disable CS0067 // temporary: the implementation lands next
namespace McpBridge.Client.Tunnels;

/// <summary>
/// Gives a local HTTP server (an MCP server, a web app) a public URL through the MCP Bridge relay: one outgoing
/// WebSocket carries every request, so it works behind NAT. Reconnects by itself, with the same URL, until disposed.
/// </summary>
public sealed class CloudConnector : IAsyncDisposable
{
    /// <summary>Creates a connector; nothing happens until <see cref="ConnectAsync"/>.</summary>
    public CloudConnector(CloudConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The settings given at construction.</summary>
    public CloudConnectorOptions Options { get; }

    /// <summary>Whether the tunnel is connected right now.</summary>
    public bool IsConnected => throw new NotImplementedException();

    /// <summary>The public URL, once connected (kept while reconnecting).</summary>
    public Uri? Url => throw new NotImplementedException();

    /// <summary>The tunnel's name, once connected.</summary>
    public string? Subdomain => throw new NotImplementedException();

    /// <summary>When a temporary tunnel expires.</summary>
    public DateTimeOffset? ExpiresAt => throw new NotImplementedException();

    /// <summary>Raised on the first connection.</summary>
    public event EventHandler<CloudConnectedEventArgs>? Connected;

    /// <summary>Raised when the connection is lost or closed.</summary>
    public event EventHandler<CloudDisconnectedEventArgs>? Disconnected;

    /// <summary>Raised before each reconnect attempt, with its delay.</summary>
    public event EventHandler<CloudReconnectingEventArgs>? Reconnecting;

    /// <summary>Raised when a reconnect succeeds (same URL).</summary>
    public event EventHandler<CloudConnectedEventArgs>? Reconnected;

    /// <summary>Raised on failures; <see cref="CloudErrorEventArgs.IsFatal"/> says whether the connector gave up.</summary>
    public event EventHandler<CloudErrorEventArgs>? Error;

    /// <summary>Raised after each forwarded request.</summary>
    public event EventHandler<TunnelRequestEventArgs>? RequestCompleted;

    /// <summary>Raised when the relay sends a notice (a temporary tunnel about to expire, say).</summary>
    public event EventHandler<CloudNoticeEventArgs>? Notice;

    /// <summary>
    /// Connects and returns the URL. Throws <see cref="CloudConnectorException"/> when the relay refuses (bad key, name
    /// taken, plan limit) or cannot be reached; after this returns, lost connections are retried automatically.
    /// </summary>
    public Task<CloudConnection> ConnectAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Closes the tunnel: stops reconnecting and waits for the connection to close.</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(DisconnectAsync());
}
