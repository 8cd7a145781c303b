using McpBridge.Client.Tunnels;

namespace McpBridge.Cli.Commands.Start;

/// <summary>The real tunnel: the SDK's <see cref="CloudConnector"/>, as is.</summary>
internal sealed class CloudTunnelAgent(CloudConnectorOptions options) : ITunnelAgent
{
    private readonly CloudConnector _connector = new(options);

    public event EventHandler<CloudConnectedEventArgs>? Connected
    {
        add => _connector.Connected += value;
        remove => _connector.Connected -= value;
    }

    public event EventHandler<CloudDisconnectedEventArgs>? Disconnected
    {
        add => _connector.Disconnected += value;
        remove => _connector.Disconnected -= value;
    }

    public event EventHandler<CloudReconnectingEventArgs>? Reconnecting
    {
        add => _connector.Reconnecting += value;
        remove => _connector.Reconnecting -= value;
    }

    public event EventHandler<CloudConnectedEventArgs>? Reconnected
    {
        add => _connector.Reconnected += value;
        remove => _connector.Reconnected -= value;
    }

    public event EventHandler<CloudErrorEventArgs>? Error
    {
        add => _connector.Error += value;
        remove => _connector.Error -= value;
    }

    public event EventHandler<TunnelRequestEventArgs>? RequestCompleted
    {
        add => _connector.RequestCompleted += value;
        remove => _connector.RequestCompleted -= value;
    }

    public event EventHandler<CloudNoticeEventArgs>? Notice
    {
        add => _connector.Notice += value;
        remove => _connector.Notice -= value;
    }

    public Task<CloudConnection> ConnectAsync(CancellationToken cancellationToken) => _connector.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => _connector.DisconnectAsync(cancellationToken);

    public ValueTask DisposeAsync() => _connector.DisposeAsync();
}
