using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;
using McpBridge.Client.Tunnels;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Cli.Commands.Start;

/// <summary>
/// The tunnel's life once the local side is ready: connect, show the URL, report what the agent reports, and end on
/// Ctrl+C (exit 0) or when the tunnel ends for good (a fatal error, an expired temporary name: non-zero).
/// </summary>
internal sealed class TunnelSession
{
    private static readonly TimeSpan s_disconnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ITunnelAgent _agent;
    private readonly TunnelView _view;
    private readonly StartPlan _plan;
    private readonly LocalMcpHost? _host;
    private readonly Uri _local;
    private readonly int? _tools;
    private readonly ConnectionSettings _connection;
    private readonly bool _quiet;
    private readonly TaskCompletionSource<int> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _url;
    private volatile bool _connected;
    private volatile bool _stopping;

    public TunnelSession(ITunnelAgent agent, TunnelView view, StartPlan plan, LocalMcpHost? host, Uri local, int? tools, ConnectionSettings connection, bool quiet)
    {
        _agent = agent;
        _view = view;
        _plan = plan;
        _host = host;
        _local = local;
        _tools = tools;
        _connection = connection;
        _quiet = quiet;
        agent.Connected += OnConnected;
        agent.Reconnected += OnReconnected;
        agent.Reconnecting += OnReconnecting;
        agent.Disconnected += OnDisconnected;
        agent.Error += OnError;
        agent.Notice += OnNotice;
        agent.RequestCompleted += OnRequestCompleted;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        CloudConnection tunnel;
        try
        {
            tunnel = await _agent.ConnectAsync(cancellationToken);
        }
        catch (CloudConnectorException ex)
        {
            return TunnelFailures.Report(_view, ex, _connection);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _view.Stopping();
            return ExitCodes.Success;
        }

        Allow(tunnel);
        _url = tunnel.Url;
        _connected = true;
        _view.Step($"Connected to {_connection.ServerText} as {tunnel.Subdomain}");
        _view.Ready(_plan, tunnel, _local, _tools);

        int exitCode;
        using (cancellationToken.Register(() => _end.TrySetResult(ExitCodes.Success)))
        {
            exitCode = await _end.Task;
        }

        _stopping = true;
        _view.Stopping(announce: exitCode == ExitCodes.Success);

        using var timeout = new CancellationTokenSource(s_disconnectTimeout);
        try
        {
            await _agent.DisconnectAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            // Shutting down: whatever went wrong closing the connection, the process is leaving anyway.
            _view.Warning("Closing the tunnel did not finish cleanly: " + ex.Message);
        }

        return exitCode;
    }

    // The SDK's agent forwards with the target's own Host (127.0.0.1:port), which the policy always allows; the public
    // host is added as well (on Connected, and again after ConnectAsync) for an Origin on the public URL, or a forwarder
    // that keeps the public Host.
    private void Allow(CloudConnection tunnel) => _host?.Policy.AllowHost(tunnel.Url.Host);

    private void OnConnected(object? sender, CloudConnectedEventArgs e) => Allow(e.Connection);

    private void OnReconnected(object? sender, CloudConnectedEventArgs e)
    {
        Allow(e.Connection);
        if (!_connected || _stopping)
        {
            return;
        }

        var url = e.Connection.Url.AbsoluteUri.TrimEnd('/');
        if (_url is null || _url == e.Connection.Url)
        {
            _view.Step($"Reconnected: {url}");
            return;
        }

        // The relay should give the name back; if it did not, clients configured with the old URL must be told.
        _view.Warning($"Reconnected at a NEW URL: {url} (the previous one, {_url.AbsoluteUri.TrimEnd('/')}, no longer works)");
        _url = e.Connection.Url;
    }

    private void OnReconnecting(object? sender, CloudReconnectingEventArgs e)
    {
        if (_connected && !_stopping)
        {
            _view.Warning($"Connection lost ({e.Reason}); reconnecting in {Seconds(e.Delay)} (attempt {e.Attempt})");
        }
    }

    private void OnDisconnected(object? sender, CloudDisconnectedEventArgs e)
    {
        if (_connected && !_stopping && !e.WillReconnect)
        {
            _view.Error("the tunnel closed: " + e.Reason);
            _end.TrySetResult(ExitCodes.Failure);
        }
    }

    private void OnError(object? sender, CloudErrorEventArgs e)
    {
        // Before the connection is up, ConnectAsync throws what went wrong: reported once, there.
        if (!_connected || _stopping)
        {
            return;
        }

        if (!e.IsFatal)
        {
            if (!_quiet)
            {
                _view.Warning(e.Message);
            }

            return;
        }

        _end.TrySetResult(e.Exception is CloudConnectorException refused
            ? TunnelFailures.Report(_view, refused, _connection)
            : Fail(e.Message));
    }

    private void OnNotice(object? sender, CloudNoticeEventArgs e)
    {
        if (_stopping)
        {
            return;
        }

        switch (e.Kind)
        {
            case TunnelNotice.Expiring when e.ExpiresAt is { } expiresAt:
                _view.Warning($"The temporary URL {_view.ExpiryText(expiresAt)}. Run the command again then for a new one, or use --cloud for a URL that stays.");
                break;
            case TunnelNotice.Expired:
                _view.Warning(e.Message.Length > 0 ? e.Message : "The temporary URL expired.");
                _end.TrySetResult(Fail("the temporary URL expired; run the command again for a new one, or use --cloud for a URL that never changes"));
                break;
            case TunnelNotice.Closing:
                _end.TrySetResult(Fail("the relay closed the tunnel: " + e.Message));
                break;
            default:
                _view.Warning(e.Message);
                break;
        }
    }

    private void OnRequestCompleted(object? sender, TunnelRequestEventArgs e) => _view.Request(e);

    private int Fail(string message)
    {
        _view.Error(message);
        return ExitCodes.Failure;
    }

    private static string Seconds(TimeSpan delay) => delay < TimeSpan.FromSeconds(1) ? "under a second" : $"{Math.Round(delay.TotalSeconds)} s";
}
