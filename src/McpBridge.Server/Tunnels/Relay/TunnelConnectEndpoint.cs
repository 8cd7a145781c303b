using McpBridge.Protocol.Api;
using McpBridge.Protocol.Tunnels;
using McpBridge.Server.Common;
using McpBridge.Server.Hosting;
using McpBridge.Tunneling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// <c>GET /api/v1/tunnels/connect</c>, upgraded to a WebSocket: where agents dial in. The key is optional (anonymous
/// temporary tunnels), so this route checks it itself through <see cref="TunnelLeases"/> instead of the API's policy.
/// </summary>
internal static class TunnelConnectEndpoint
{
    public static IEndpointConventionBuilder MapTunnelConnect(this IEndpointRouteBuilder app) =>
        app.MapGet(TunnelConnectQuery.Path, ConnectAsync).ExcludeFromDescription().AllowAnonymous();

    private static async Task ConnectAsync(
        HttpContext context,
        TunnelLeases leases,
        TunnelRegistry registry,
        TunnelUrls urls,
        IOptions<TunnelRelayOptions> options,
        TimeProvider time,
        ILogger<TunnelRegistry> logger)
    {
        var query = context.Request.Query;
        var name = query[TunnelConnectQuery.Name].ToString() is { Length: > 0 } n ? n : null;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, logger, name, new ApiError(StatusCodes.Status426UpgradeRequired, ErrorCodes.ValidationFailed, "WebSocket required",
                "This is where tunnel agents connect, over a WebSocket. Use 'mcp-bridge start' or the SDK's CloudConnector."));
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var temporary = string.Equals(query[TunnelConnectQuery.Temporary], "true", StringComparison.OrdinalIgnoreCase);
        var resume = query[TunnelConnectQuery.Resume].ToString() is { Length: > 0 } r ? r : null;
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
