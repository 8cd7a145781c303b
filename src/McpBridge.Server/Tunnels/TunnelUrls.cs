using McpBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels;

/// <summary>The public URLs of a tunnel: <c>{scheme}://{name}.{host}</c> on a real domain, and <c>{public URL}/t/{name}</c> everywhere.</summary>
internal sealed class TunnelUrls(IOptions<BridgeOptions> options)
{
    /// <summary>The URL to give out (host form when the service has a real domain) and the path form.</summary>
    public (string Url, string PathUrl) For(string name)
    {
        var o = options.Value;
        var pathUrl = $"{o.PublicUri.GetLeftPart(UriPartial.Authority)}/t/{name}";
        return (o.UseHostForm ? $"{o.PublicUri.Scheme}://{name}.{o.PublicAuthority}" : pathUrl, pathUrl);
    }
}
