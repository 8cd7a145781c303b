using McpBridge.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// Picks out public requests for tunnels — <c>{name}.{host}</c> (a live or known tunnel name; other labels are hosted
/// servers) and <c>/t/{name}/...</c> — and hands them to <see cref="TunnelForwarder"/>, ahead of every other route; and
/// agents' connections to <see cref="TunnelConnectHandler"/>.
/// </summary>
internal sealed class TunnelProxyMiddleware(
    RequestDelegate next, TunnelForwarder forwarder, TunnelConnectHandler connect, TunnelRegistry registry, TunnelLeases leases, IOptions<BridgeOptions> options)
{
    private readonly string? _hostSuffix = options.Value.UseHostForm ? "." + options.Value.PublicUri.Host : null;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (_hostSuffix is not null && TryGetLabel(request.Host.Host, out var label) &&
            (registry.TryGet(label, out _) || await leases.ExistsAsync(label, context.RequestAborted)))
        {
            await forwarder.ForwardAsync(context, label, PathString.Empty);
            return;
        }

        if (TunnelConnectHandler.Handles(request))
        {
            await connect.ConnectAsync(context);
            return;
        }

        var path = request.Path.Value;
        if (path is not null && path.StartsWith("/t/", StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', 3);
            var name = end < 0 ? path[3..] : path[3..end];
            if (name.Length > 0)
            {
                await forwarder.ForwardAsync(context, name, new PathString("/t/" + name));
                return;
            }
        }

        await next(context);
    }

    private bool TryGetLabel(string host, out string label)
    {
        label = string.Empty;
        if (!host.EndsWith(_hostSuffix!, StringComparison.OrdinalIgnoreCase) || host.Length == _hostSuffix!.Length)
        {
            return false;
        }

        var candidate = host[..^_hostSuffix.Length];
        if (candidate.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        label = candidate.ToLowerInvariant();
        return true;
    }
}
