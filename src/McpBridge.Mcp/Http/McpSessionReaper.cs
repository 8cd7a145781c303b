using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Mcp.Http;

/// <summary>Closes sessions left idle longer than <see cref="McpHttpOptions.SessionIdleTimeout"/>, and all of them at shutdown.</summary>
internal sealed partial class McpSessionReaper(
    McpSessionStore store,
    IOptions<McpHttpOptions> options,
    TimeProvider timeProvider,
    ILogger<McpSessionReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleTimeout = options.Value.SessionIdleTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var session in store.All)
                {
                    if (!session.IsActive && session.IdleFor >= idleTimeout && store.TryRemove(session))
                    {
                        Log.SessionExpired(logger, session.Id, session.Target.Id);
                        await CloseAsync(session);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var session in store.All.ToArray())
        {
            if (store.TryRemove(session))
            {
                await CloseAsync(session);
            }
        }
    }

    /// <summary>One session that fails to close must not stop the reaper (which would stop the host with it).</summary>
    private async Task CloseAsync(McpHttpSession session)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception ex)
        {
            Log.CloseFailed(logger, session.Id, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "MCP session {SessionId} of {Target} expired after being idle")]
        public static partial void SessionExpired(ILogger logger, string sessionId, string target);

        [LoggerMessage(2, LogLevel.Warning, "MCP session {SessionId} could not be closed")]
        public static partial void CloseFailed(ILogger logger, string sessionId, Exception exception);
    }
}
