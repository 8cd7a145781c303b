using McpBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>A tunnel's public URL: <c>{name}.{host}</c> on a real domain, <c>/t/{name}</c> otherwise.</summary>
internal sealed class TunnelUrls(IOptions<BridgeOptions> options)
{
    public string For(string name)
    {
        var o = options.Value;
        return o.UseHostForm ? $"{o.PublicUri.Scheme}://{name}.{o.PublicAuthority}" : PathFor(name);
    }

    public string PathFor(string name) => $"{options.Value.PublicUri.GetLeftPart(UriPartial.Authority)}/t/{name}";
}
