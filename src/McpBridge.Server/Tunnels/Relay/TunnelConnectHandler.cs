using McpBridge.Protocol.Api;
using McpBridge.Protocol.Tunnels;
using McpBridge.Server.Common;
using McpBridge.Server.Hosting;
using McpBridge.Tunneling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// <c>GET /api/v1/tunnels/connect</c>, upgraded to a WebSocket: where agents dial in. <see cref="TunnelProxyMiddleware"/>
/// hands it the requests for that path ahead of the API's middleware and routing: the key is optional (anonymous
/// temporary tunnels) and checked here through <see cref="TunnelLeases"/>, and an agent's request lasts as long as its
/// connection, so whatever the pipeline attached to it would be held per agent for hours.
/// </summary>
internal sealed class TunnelConnectHandler(
    TunnelLeases leases,
    TunnelRegistry registry,
    TunnelUrls urls,
    IOptions<TunnelRelayOptions> options,
    TimeProvider time,
    ILogger<TunnelRegistry> logger)
{
    public static bool Handles(HttpRequest request) => request.Path.Equals(TunnelConnectQuery.Path, StringComparison.OrdinalIgnoreCase);

    public async Task ConnectAsync(HttpContext context)
    {
        // Parsed here, not through Request.Query, which would keep the parsed query for the connection's life.
        var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value);
        var name = query.TryGetValue(TunnelConnectQuery.Name, out var n) && n.ToString() is { Length: > 0 } given ? given : null;
        if (!HttpMethods.IsGet(context.Request.Method) || !context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, logger, name, new ApiError(StatusCodes.Status426UpgradeRequired, ErrorCodes.ValidationFailed, "WebSocket required",
                "This is where tunnel agents connect, over a WebSocket. Use 'mcp-bridge start' or the SDK's CloudConnector."));
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var temporary = query.TryGetValue(TunnelConnectQuery.Temporary, out var t) && string.Equals(t, "true", StringComparison.OrdinalIgnoreCase);
        var resume = query.TryGetValue(TunnelConnectQuery.Resume, out var r) && r.ToString() is { Length: > 0 } token ? token : null;
        var acquired = await leases.AcquireAsync(new TunnelConnectRequest(key, name, temporary, resume, context.Connection.RemoteIpAddress), context.RequestAborted);
        if (!acquired.IsSuccess)
        {
            await RefuseAsync(context, logger, name, acquired.Error);
            return;
        }

        var lease = acquired.Value;
        var agentVersion = TunnelFrame.ParseVersion(context.Request.Headers[TunnelFrame.VersionHeader]);
        context.Response.Headers[TunnelFrame.VersionHeader] = TunnelFrame.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        // Liveness is measured in real elapsed time (TimeProvider.System, the default), whatever clock leases expire by.
        var connection = new TunnelConnection(socket, new TunnelConnectionOptions
        {
            MaxConcurrentStreams = options.Value.MaxConcurrentStreamsPerAgent,
            PeerVersion = agentVersion,
        });
        var address = context.Connection.RemoteIpAddress?.ToString();
        var agent = new RelayAgent(lease, connection, time.GetUtcNow(), address);
        if (registry.Register(agent) is { } replaced)
        {
            TunnelRelayLog.AgentReplaced(logger, lease.Name);
            replaced.Connection.Abort("Replaced by a new connection for the same tunnel.");
        }

        TunnelRelayLog.AgentConnected(logger, lease.Name, address);
        try
        {
            var reading = connection.RunAsync(context.RequestAborted);
            await connection.SendNoticeAsync(new TunnelNotice
            {
                Kind = TunnelNotice.Welcome,
                Name = lease.Name,
                Url = urls.For(lease.Name),
                ExpiresAt = lease.ExpiresAt,
                ResumeToken = lease.ResumeToken,
            }, context.RequestAborted);
            await reading;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The agent went away during the welcome.
        }
        finally
        {
            registry.Unregister(agent);
            leases.Disconnected(lease);
            TunnelRelayLog.AgentDisconnected(logger, lease.Name, connection.CloseReason ?? "closed");
        }
    }

    private static async Task RefuseAsync(HttpContext context, ILogger logger, string? name, ApiError error)
    {
        TunnelRelayLog.ConnectRefused(logger, name, error.Status, error.Code);
        // A WebSocket client sees only the status and headers of a refusal, so the words go there too.
        context.Response.Headers[TunnelConnectQuery.ErrorCodeHeader] = error.Code;
        if (error.Detail is { } detail)
        {
            context.Response.Headers[TunnelConnectQuery.ErrorDetailHeader] = Uri.EscapeDataString(detail);
        }

        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await error.ToHttp().ExecuteAsync(context);
    }
}
