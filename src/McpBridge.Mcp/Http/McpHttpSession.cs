using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Http;

/// <summary>A sessionful MCP connection: a 2025-era Streamable HTTP session or a legacy SSE session.</summary>
internal sealed partial class McpHttpSession : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private int _activeRequests;
    private int _getStream;
    private int _getStreamUsed;
    private long _lastActivity;
    private int _disposed;

    public McpHttpSession(string id, IMcpTarget target, string principal, ITransport transport, TimeProvider timeProvider, ILogger logger)
    {
        Id = id;
        Target = target;
        Principal = principal;
        Transport = transport;
        _timeProvider = timeProvider;
        _logger = logger;
        _lastActivity = timeProvider.GetTimestamp();
    }

    public string Id { get; }
    public IMcpTarget Target { get; }
    public string Principal { get; }
    public ITransport Transport { get; }
    public McpServer Server { get; set; } = null!;
    public Task RunTask { get; set; } = Task.CompletedTask;

    /// <summary>Cancelled when the session ends.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    public bool IsActive => Volatile.Read(ref _activeRequests) > 0 || Volatile.Read(ref _getStream) > 0;

    public TimeSpan IdleFor => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public Reference AcquireReference()
    {
        Interlocked.Increment(ref _activeRequests);
        Touch();
        return new Reference(this);
    }

    /// <summary>
    /// Claims the session's one standalone GET stream. The SDK transport attaches a GET stream once per session, so
    /// after the first one ends another cannot be opened either.
    /// </summary>
    public GetStreamClaim TryStartGetStream()
    {
        if (Interlocked.CompareExchange(ref _getStream, 1, 0) != 0)
        {
            return GetStreamClaim.AlreadyOpen;
        }

        if (Interlocked.Exchange(ref _getStreamUsed, 1) != 0)
        {
            Volatile.Write(ref _getStream, 0);
            return GetStreamClaim.AlreadyUsed;
        }

        return GetStreamClaim.Claimed;
    }

    public void EndGetStream()
    {
        Volatile.Write(ref _getStream, 0);
        Touch();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());

    /// <summary>Ends the session. Every part is closed even when one fails; failures are logged, never thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await CloseQuietlyAsync(() =>
        {
            Target.OnSessionEnded(Id);
            return Task.CompletedTask;
        }, "target");
        await CloseQuietlyAsync(_lifetime.CancelAsync, "lifetime");
        if (Server is { } server)
        {
            await CloseQuietlyAsync(() => server.DisposeAsync().AsTask(), "server");
        }

        if (Transport is IAsyncDisposable disposable)
        {
            await CloseQuietlyAsync(() => disposable.DisposeAsync().AsTask(), "transport");
        }

        await CloseQuietlyAsync(() => RunTask, "run");
        _lifetime.Dispose();
    }

    private async Task CloseQuietlyAsync(Func<Task> close, string part)
    {
        try
        {
            await close();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Log.CloseFailed(_logger, Id, part, ex);
        }
    }

    public readonly struct Reference(McpHttpSession session) : IDisposable
    {
        public McpHttpSession Session => session;

        public void Dispose()
        {
            Interlocked.Decrement(ref session._activeRequests);
            session.Touch();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "MCP session {SessionId}: closing its {Part} failed")]
        public static partial void CloseFailed(ILogger logger, string sessionId, string part, Exception exception);
    }
}

/// <summary>The outcome of <see cref="McpHttpSession.TryStartGetStream"/>.</summary>
internal enum GetStreamClaim
{
    Claimed,
    AlreadyOpen,
    AlreadyUsed,
}
