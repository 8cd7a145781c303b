using System.Net;
using McpBridge.Server.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Dashboard;

/// <summary>
/// Decides whether the local single-user sign-in is offered: only when no GitHub app is configured, every address
/// <c>serve</c> listens on is a loopback one, the public URL is a loopback one too (so no reverse proxy publishes this
/// installation), and the request itself came over loopback without forwarding headers. Never otherwise.
/// </summary>
internal sealed class LocalSignIn(IServer server, IOptions<GitHubSignInOptions> github, IOptions<BridgeOptions> bridge)
{
    public bool IsAvailable(HttpContext context)
    {
        if (github.Value.IsConfigured || !IsLoopbackHost(bridge.Value.PublicUri.Host))
        {
            return false;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0 || !addresses.All(IsLoopbackAddress))
        {
            return false;
        }

        return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");
    }

    private static bool IsLoopbackAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host);

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
