using System.Net.Http;
using McpBridge.Protocol.Api;

namespace McpBridge.Client;

public sealed partial class McpBridgeApiClient
{
    /// <summary>Lists the account's tunnels and its plan's tunnel limits (<c>GET /api/v1/tunnels</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Reserved persistent names and live temporary ones, with status, URLs and traffic, and the limits.</returns>
    public Task<TunnelList> ListTunnelsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<TunnelList>(HttpMethod.Get, "api/v1/tunnels", null, cancellationToken);

    /// <summary>
    /// Reserves a persistent tunnel name for the account (<c>POST /api/v1/tunnels</c>). Reserving a name the account
    /// already holds succeeds and returns it.
    /// </summary>
    /// <param name="request">The name to reserve.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The tunnel.</returns>
    /// <exception cref="McpBridgeApiException">
    /// The name is not valid (<c>validation_failed</c>), belongs to another account or a hosted server
    /// (<c>conflict</c>), or the plan allows no more (<c>plan_limit</c>).
    /// </exception>
    public Task<TunnelInfo> ReserveTunnelAsync(ReserveTunnelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<TunnelInfo>(HttpMethod.Post, "api/v1/tunnels", request, cancellationToken);
    }

    /// <summary>
    /// Releases one of the account's tunnel names (<c>DELETE /api/v1/tunnels/{name}</c>). A connected agent is
    /// disconnected and told why; the name becomes free for anyone.
    /// </summary>
    /// <param name="name">The tunnel's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task ReleaseTunnelAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/tunnels/{Segment(name)}", null, cancellationToken);
}
