using McpBridge.Cli.Commands.Start;
using McpBridge.Client.Tunnels;

namespace McpBridge.Cli.Tests.Support;

/// <summary>
/// Stands in for the SDK's connector in parse-and-invoke tests: records the options <c>start</c> gave it, answers
/// <see cref="ConnectAsync"/> with a scripted connection or refusal, and raises the connector's events on cue.
/// </summary>
internal sealed class FakeTunnelAgent : ITunnelAgent
{
    private readonly TaskCompletionSource<CloudConnectorOptions> _connectCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<CloudConnectorOptions, CloudConnection> _connect;

    public FakeTunnelAgent(Func<CloudConnectorOptions, CloudConnection> connect)
    {
        _connect = connect;
    }

    public event EventHandler<CloudConnectedEventArgs>? Connected;

    public event EventHandler<CloudDisconnectedEventArgs>? Disconnected;

    public event EventHandler<CloudReconnectingEventArgs>? Reconnecting;

    public event EventHandler<CloudConnectedEventArgs>? Reconnected;

    public event EventHandler<CloudErrorEventArgs>? Error;

    public event EventHandler<TunnelRequestEventArgs>? RequestCompleted;

    public event EventHandler<CloudNoticeEventArgs>? Notice;

    public CloudConnectorOptions? Options { get; private set; }

    /// <summary>Completes with the options when <c>start</c> connects.</summary>
    public Task<CloudConnectorOptions> ConnectCalled => _connectCalled.Task;

    public int DisconnectCount { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>A factory for <see cref="CliHarness.TunnelFactory"/> that hands out this agent.</summary>
    public Func<CloudConnectorOptions, ITunnelAgent> Factory => options =>
    {
        Options = options;
        return this;
    };

    public static FakeTunnelAgent Answering(string url, string name, DateTimeOffset? expiresAt = null) =>
        new(_ => new CloudConnection(new Uri(url), name, expiresAt));

    public static FakeTunnelAgent Refusing(CloudConnectorException refusal) => new(_ => throw refusal);

    public Task<CloudConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        _connectCalled.TrySetResult(Options!);
        var connection = _connect(Options!);
        Connected?.Invoke(this, new CloudConnectedEventArgs(connection));
        return Task.FromResult(connection);
    }

    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        DisconnectCount++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    public void RaiseRequest(string method, string target, int status, TimeSpan duration) =>
        RequestCompleted?.Invoke(this, new TunnelRequestEventArgs(method, target, status, duration, 0, 0));

    public void RaiseReconnecting(int attempt, TimeSpan delay, string reason) =>
        Reconnecting?.Invoke(this, new CloudReconnectingEventArgs(attempt, delay, reason));

    public void RaiseReconnected(CloudConnection connection) => Reconnected?.Invoke(this, new CloudConnectedEventArgs(connection));

    public void RaiseDisconnected(string reason, bool willReconnect) => Disconnected?.Invoke(this, new CloudDisconnectedEventArgs(reason, willReconnect));

    public void RaiseError(string message, Exception? exception, bool isFatal) => Error?.Invoke(this, new CloudErrorEventArgs(message, exception, isFatal));

    public void RaiseNotice(string kind, string message, DateTimeOffset? expiresAt) => Notice?.Invoke(this, new CloudNoticeEventArgs(kind, message, expiresAt));
}
