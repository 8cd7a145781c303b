using McpBridge.Client.Tunnels;

namespace McpBridge.Cli.Commands.Start;

/// <summary>
/// The tunnel as <c>start</c> uses it: the SDK's <see cref="CloudConnector"/> (see <see cref="CloudTunnelAgent"/>), or in
/// tests a fake that raises its events on cue. Nothing of the tunnel is implemented in the CLI.
/// </summary>
internal interface ITunnelAgent : IAsyncDisposable
{
    event EventHandler<CloudConnectedEventArgs>? Connected;

    event EventHandler<CloudDisconnectedEventArgs>? Disconnected;

    event EventHandler<CloudReconnectingEventArgs>? Reconnecting;

    event EventHandler<CloudConnectedEventArgs>? Reconnected;

    event EventHandler<CloudErrorEventArgs>? Error;

    event EventHandler<TunnelRequestEventArgs>? RequestCompleted;

    event EventHandler<CloudNoticeEventArgs>? Notice;

    Task<CloudConnection> ConnectAsync(CancellationToken cancellationToken);

    Task DisconnectAsync(CancellationToken cancellationToken);
}
