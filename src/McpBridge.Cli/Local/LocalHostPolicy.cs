using McpBridge.Mcp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Cli.Local;

/// <summary>
/// The Host/Origin check of the local MCP server: the library's <see cref="HostOriginPolicy"/>, rebuilt whenever a
/// host is added. Loopback names are always allowed (a local client, and the tunnel agent when it forwards with the
/// target's own Host). The tunnel's public host is added as soon as the agent learns it, rather than allowing any
/// Host: the listener is loopback-only, but a web page whose name a DNS-rebinding attack points at 127.0.0.1 reaches
/// it just the same, and its requests carry that page's host, which stays refused.
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

    public bool IsAllowedHost(string host) => _policy.IsAllowedHost(host);

    /// <summary>Checks the request; on refusal writes a 403 JSON-RPC error and returns false.</summary>
    public ValueTask<bool> CheckAsync(HttpContext context) => _policy.CheckAsync(context);

    private static HostOriginPolicy Create(string[] hosts) =>
        new(Options.Create(new McpHttpOptions { AllowedHosts = hosts }));
}
