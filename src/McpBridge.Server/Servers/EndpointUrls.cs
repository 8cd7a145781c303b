using McpBridge.Protocol.Api;
using McpBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Servers;

/// <summary>The public URLs of a server's endpoints and of the dashboard's pages.</summary>
internal sealed class EndpointUrls(IOptions<BridgeOptions> options)
{
    public ServerEndpoints For(string slug)
    {
        var o = options.Value;
        var baseUrl = o.PublicUri.GetLeftPart(UriPartial.Authority);
        var pathMcp = $"{baseUrl}/s/{slug}/mcp";
        var pathSse = $"{baseUrl}/s/{slug}/sse";
        if (!o.UseHostForm)
        {
            return new ServerEndpoints(pathMcp, pathSse, pathMcp, pathSse);
        }

        var hostBase = $"{o.PublicUri.Scheme}://{slug}.{o.PublicAuthority}";
        return new ServerEndpoints($"{hostBase}/mcp", $"{hostBase}/sse", pathMcp, pathSse);
    }

    /// <summary>The public URL of a dashboard page, e.g. <c>/device</c>.</summary>
    public string Dashboard(string path) => $"{options.Value.PublicUri.GetLeftPart(UriPartial.Authority)}{path}";
}
