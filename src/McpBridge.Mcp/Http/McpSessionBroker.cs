using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Http;

/// <summary>
/// Opens sessions within <see cref="McpHttpOptions.MaxSessions"/> and finds them again for their owner: the one
/// way both transports (Streamable HTTP and legacy SSE) do it.
/// </summary>
internal sealed partial class McpSessionBroker(
    McpSessionStore sessions,
    IOptions<McpHttpOptions> options,
    IServiceProvider services,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpSessionBroker>();

    /// <summary>
    /// Starts a session over <paramref name="transport"/> and registers it. Returns a reference the caller holds
    /// while it uses the session, so that neither the reaper nor the session limit closes it meanwhile.
    /// </summary>
    public async Task<McpHttpSession.Reference> OpenAsync(McpTargetFeature feature, string sessionId, ITransport transport)
    {
        await EnforceSessionLimitAsync();
        var session = new McpHttpSession(sessionId, feature.Target, feature.Principal, transport, timeProvider, loggerFactory.CreateLogger<McpHttpSession>());
        var reference = session.AcquireReference();
        session.Server = McpServer.Create(transport, feature.Target.CreateServerOptions(stateless: false), loggerFactory, services);
        session.RunTask = session.Server.RunAsync(session.Lifetime);
        sessions.TryAdd(session);
        feature.Target.OnSessionStarted(sessionId, session.Server);
        Log.SessionStarted(_logger, sessionId, feature.Target.Id);
        return reference;
    }

    /// <summary>
    /// Finds the caller's session with a <typeparamref name="TTransport"/> and takes a reference on it. Otherwise
    /// writes the error (404 for a session that is gone, 403 for someone else's) and returns null.
    /// </summary>
    public async Task<McpHttpSession.Reference?> FindAsync<TTransport>(HttpContext context, McpTargetFeature feature, string sessionId, RequestId id, string notFound)
        where TTransport : ITransport
    {
        if (sessions.TryGet(sessionId, out var session) && session.Transport is TTransport)
        {
            // Referenced before anything awaits, and checked again after: the reaper closes only sessions no request
            // holds, so one it closed just before is seen here as disposed rather than used half-closed.
            var reference = session.AcquireReference();
            if (!session.IsDisposed)
            {
                if (session.Target.Id == feature.Target.Id && session.Principal == feature.Principal)
                {
                    return reference;
                }

                reference.Dispose();
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpHttpErrors.ServerError,
                    "Forbidden: this session belongs to another server or another key.", id);
                return null;
            }

            reference.Dispose();
        }

        await McpHttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, McpHttpErrors.SessionNotFound, notFound, id);
        return null;
    }

    private async Task EnforceSessionLimitAsync()
    {
        if (sessions.Count < options.Value.MaxSessions)
        {
            return;
        }

        // Only at the limit: close the longest-idle session to make room (clients re-initialize when told 404).
        var oldest = sessions.All.Where(s => !s.IsActive).MaxBy(s => s.IdleFor);
        if (oldest is not null && sessions.TryRemove(oldest))
        {
            Log.SessionEvicted(_logger, oldest.Id, oldest.Target.Id);
            await oldest.DisposeAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "MCP session {SessionId} started for {Target}")]
        public static partial void SessionStarted(ILogger logger, string sessionId, string target);

        [LoggerMessage(2, LogLevel.Information, "MCP session {SessionId} of {Target} closed to stay within the session limit")]
        public static partial void SessionEvicted(ILogger logger, string sessionId, string target);
    }
}
