using System.Net.WebSockets;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;

namespace McpBridge.Client.Tunnels;

/// <summary>
/// Gives a local HTTP server (an MCP server, a web app) a public URL through the MCP Bridge relay: one outgoing
/// WebSocket carries every request, so it works behind NAT. After <see cref="ConnectAsync"/> succeeds, a lost
/// connection is retried with exponential backoff and jitter, and comes back with the same URL, until
/// <see cref="DisconnectAsync"/> or a refusal that retrying cannot fix (a revoked key, an expired temporary tunnel).
/// </summary>
/// <example>
/// <code>
/// await using var connector = new CloudConnector(new CloudConnectorOptions
/// {
///     ServerUrl = new Uri("https://mcp-bridge.example.com"),
///     ApiKey = "mcpb_ak_...",
///     LocalPort = 3000,
///     Name = "acme-crm",
/// });
/// var connection = await connector.ConnectAsync();
/// Console.WriteLine(connection.Url); // https://acme-crm.mcp-bridge.example.com
/// </code>
/// </example>
public sealed class CloudConnector : IAsyncDisposable
{
    private static readonly TimeSpan s_welcomeTimeout = TimeSpan.FromSeconds(15);
    private readonly TargetForwarder _forwarder;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private CancellationTokenSource? _lifetime;
    private Task? _loop;
    private Session? _session;
    private CloudConnection? _connection;
    private string? _resumeToken;
    private bool _stopped;

    /// <summary>Creates a connector; nothing happens until <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options name no target, or both a port and a URL, or a persistent tunnel without a key or name.</exception>
    public CloudConnector(CloudConnectorOptions options)
        : this(options, TimeProvider.System)
    {
    }

    internal CloudConnector(CloudConnectorOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _time = timeProvider;
        var target = (options.LocalPort, options.TargetUrl) switch
        {
            ({ } port, null) when port is > 0 and < 65536 => new Uri($"http://127.0.0.1:{port}/"),
            (null, { IsAbsoluteUri: true } url) when url.Scheme is "http" or "https" => url,
            (null, null) => throw new ArgumentException("Set LocalPort or TargetUrl: the local server the tunnel forwards to.", nameof(options)),
            ({ }, { }) => throw new ArgumentException("Set LocalPort or TargetUrl, not both.", nameof(options)),
            ({ } port, null) => throw new ArgumentException($"LocalPort {port} is not a TCP port (1-65535).", nameof(options)),
            _ => throw new ArgumentException($"TargetUrl must be an absolute http(s) URL, not '{options.TargetUrl}'.", nameof(options)),
        };
        if (!options.Temporary && string.IsNullOrEmpty(options.ApiKey))
        {
            throw new ArgumentException("A persistent tunnel needs an account key (ApiKey); set Temporary for a two-hour tunnel without one.", nameof(options));
        }

        if (!options.Temporary && string.IsNullOrEmpty(options.Name))
        {
            throw new ArgumentException("A persistent tunnel needs a Name (its subdomain).", nameof(options));
        }

        if (options.InitialReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.InitialReconnectDelay)
        {
            throw new ArgumentException("InitialReconnectDelay must be positive and no longer than MaxReconnectDelay.", nameof(options));
        }

        _forwarder = new TargetForwarder(target, options.TargetTimeout, e => Raise(RequestCompleted, e));
    }

    /// <summary>The settings given at construction.</summary>
    public CloudConnectorOptions Options { get; }

    /// <summary>Whether the tunnel is connected right now.</summary>
    public bool IsConnected => Volatile.Read(ref _session) is { Connection.Closed.IsCancellationRequested: false };

    /// <summary>The public URL, once connected (kept while reconnecting).</summary>
    public Uri? Url => Volatile.Read(ref _connection)?.Url;

    /// <summary>The tunnel's name, once connected.</summary>
    public string? Subdomain => Volatile.Read(ref _connection)?.Subdomain;

    /// <summary>When a temporary tunnel expires.</summary>
    public DateTimeOffset? ExpiresAt => Volatile.Read(ref _connection)?.ExpiresAt;

    /// <summary>The local server requests are forwarded to.</summary>
    public Uri Target => _forwarder.Target;

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
    /// <exception cref="InvalidOperationException">The connector was already connected or disconnected; create a new one.</exception>
    public async Task<CloudConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_lifetime is not null || _stopped)
            {
                throw new InvalidOperationException("ConnectAsync can be called once per connector.");
            }

            _lifetime = new CancellationTokenSource();
        }

        Session session;
        try
        {
            session = await OpenSessionAsync(cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                _lifetime.Dispose();
                _lifetime = null;
            }

            throw;
        }

        Volatile.Write(ref _session, session);
        Raise(Connected, new CloudConnectedEventArgs(_connection!));
        _loop = KeepConnectedAsync(session, _lifetime.Token);
        return _connection!;
    }

    /// <summary>Closes the tunnel: stops reconnecting and waits for the connection to close. Safe to call more than once.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        CancellationTokenSource? lifetime;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            lifetime = _lifetime;
        }

        if (lifetime is null)
        {
            _forwarder.Dispose();
            return;
        }

        await lifetime.CancelAsync();
        if (Volatile.Read(ref _session) is { } session)
        {
            await session.Connection.CloseAsync("The agent disconnected.", cancellationToken);
        }

        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken);
        }

        lifetime.Dispose();
        _forwarder.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(DisconnectAsync());

    private async Task<Session> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var name = Options.Name;
        var uri = RelayDialer.ConnectUri(Options, name, _resumeToken);
        var socket = await RelayDialer.DialAsync(Options, uri, cancellationToken);
        var welcome = new TaskCompletionSource<TunnelNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        Session? session = null;
        var connection = new TunnelConnection(socket, new TunnelConnectionOptions
        {
            AcceptStream = _forwarder.ForwardAsync,
            MaxConcurrentStreams = Options.MaxConcurrentRequests,
            PeerVersion = RelayDialer.RelayVersion(socket),
            TimeProvider = _time,
            NoticeReceived = notice =>
            {
                if (notice.Kind == TunnelNotice.Welcome)
                {
                    welcome.TrySetResult(notice);
                }
                else
                {
                    OnNotice(session, notice);
                }
            },
        });
        session = new Session(connection);
        session.Reading = connection.RunAsync(CancellationToken.None);
        _ = session.Reading.ContinueWith(_ => welcome.TrySetException(new CloudConnectorException(connection.CloseReason ?? "The relay closed the connection before accepting the tunnel.")), TaskScheduler.Default);

        TunnelNotice accepted;
        try
        {
            accepted = await welcome.Task.WaitAsync(s_welcomeTimeout, _time, cancellationToken);
        }
        catch (Exception ex)
        {
            connection.Abort("The relay did not accept the tunnel.");
            throw ex as CloudConnectorException ?? new CloudConnectorException("The relay did not accept the tunnel in time.", innerException: ex);
        }

        if (accepted.ResumeToken is { } token)
        {
            _resumeToken = token;
        }

        var url = Uri.TryCreate(accepted.Url, UriKind.Absolute, out var parsed) ? parsed : Options.ServerUrl;
        Volatile.Write(ref _connection, new CloudConnection(url, accepted.Name ?? string.Empty, accepted.ExpiresAt));
        session.Heartbeat = HeartbeatAsync(connection);
        return session;
    }

    private async Task KeepConnectedAsync(Session session, CancellationToken cancellationToken)
    {
        while (true)
        {
            await session.Reading!;
            if (cancellationToken.IsCancellationRequested)
            {
                Raise(Disconnected, new CloudDisconnectedEventArgs("The agent disconnected.", willReconnect: false));
                return;
            }

            var reason = session.Connection.CloseReason ?? "The tunnel connection was lost.";
            if (session.Final is { } final)
            {
                Raise(Disconnected, new CloudDisconnectedEventArgs(final, willReconnect: false));
                Raise(Error, new CloudErrorEventArgs(final, null, isFatal: true));
                return;
            }

            Raise(Disconnected, new CloudDisconnectedEventArgs(reason, willReconnect: true));
            Session? next = null;
            for (var attempt = 1; next is null; attempt++)
            {
                var delay = Backoff(attempt);
                Raise(Reconnecting, new CloudReconnectingEventArgs(attempt, delay, reason));
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                    next = await OpenSessionAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Raise(Disconnected, new CloudDisconnectedEventArgs("The agent disconnected.", willReconnect: false));
                    return;
                }
                catch (CloudConnectorException ex) when (IsFinal(ex))
                {
                    Raise(Error, new CloudErrorEventArgs(ex.Message, ex, isFatal: true));
                    return;
                }
                catch (CloudConnectorException ex)
                {
                    reason = ex.Message;
                    Raise(Error, new CloudErrorEventArgs(ex.Message, ex, isFatal: false));
                }
            }

            session = next;
            Volatile.Write(ref _session, session);
            Raise(Reconnected, new CloudConnectedEventArgs(_connection!));
        }
    }

    private async Task HeartbeatAsync(TunnelConnection connection)
    {
        using var timer = new PeriodicTimer(Options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(connection.Closed))
            {
                if (connection.SinceLastReceived > Options.HeartbeatTimeout)
                {
                    connection.Abort($"No answer from the relay for {Options.HeartbeatTimeout.TotalSeconds:0} s.");
                    return;
                }

                await connection.PingAsync(connection.Closed);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TunnelStreamResetException or WebSocketException)
        {
            // The connection closed; the read loop reports why.
        }
    }

    private void OnNotice(Session? session, TunnelNotice notice)
    {
        var message = notice.Message ?? notice.Kind;
        if (notice.Kind is TunnelNotice.Expired or TunnelNotice.Closing && session is not null)
        {
            session.Final = message;
        }

        Raise(Notice, new CloudNoticeEventArgs(notice.Kind, message, notice.ExpiresAt));
    }

    /// <summary>1 s, 2 s, 4 s, ... up to the maximum, each within ±20 % so that many agents do not come back in step.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = Options.InitialReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(baseDelay, Options.MaxReconnectDelay.TotalMilliseconds);
        var jittered = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, Options.MaxReconnectDelay.TotalMilliseconds));
    }

    /// <summary>Refusals that retrying cannot fix: a bad or revoked key, a name that is not the account's, a plan that does not allow it.</summary>
    private static bool IsFinal(CloudConnectorException ex) => ex.Status is 400 or 401 or 403 or 404 or 409 or 410;

    private void Raise<T>(EventHandler<T>? handler, T args)
        where T : EventArgs
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception)
        {
            // A subscriber's failure must not stop the tunnel.
        }
    }

    private sealed class Session(TunnelConnection connection)
    {
        public TunnelConnection Connection { get; } = connection;

        public Task? Reading { get; set; }

        public Task? Heartbeat { get; set; }

        /// <summary>Set when the relay said the tunnel is over (expired, released): no reconnect.</summary>
        public string? Final { get; set; }
    }
}
