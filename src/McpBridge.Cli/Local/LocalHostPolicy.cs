using McpBridge.Mcp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Cli.Local;

/// <summary>
/// The Host/Origin check of the local MCP server: the library's <see cref="HostOriginPolicy"/>, rebuilt whenever a
/// host is added. Loopback names are always allowed: local clients, and the SDK's agent, which forwards each request
/// with the target's own Host (127.0.0.1:port). The tunnel's public host is added once the agent learns it, so that
/// a relay or agent that keeps the public Host, and an Origin on the public URL, pass too. Any Host is not allowed:
/// the listener is loopback-only, but a web page whose name a DNS-rebinding attack points at 127.0.0.1 reaches it all
/// the same, and its requests name that page's host, which stays refused.
/// </summary>
internal sealed class LocalHostPolicy
{
    private readonly object _gate = new();
    private readonly List<string> _hosts = [];
    private volatile HostOriginPolicy _policy = Create([]);

    /// <summary>Also answers requests naming <paramref name="host"/> (a tunnel's public host) in Host or Origin.</summary>
    public void AllowHost(string host)
    {
        lock (_gate)
        {
            if (_hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                return;
            }

            _hosts.Add(host);
            _policy = Create([.. _hosts]);
        }
    }

    /// <summary>Checks the request; on refusal writes a 403 JSON-RPC error and returns false.</summary>
    public ValueTask<bool> CheckAsync(HttpContext context) => _policy.CheckAsync(context);

    private static HostOriginPolicy Create(string[] hosts) =>
        new(Options.Create(new McpHttpOptions { AllowedHosts = hosts }));
}
