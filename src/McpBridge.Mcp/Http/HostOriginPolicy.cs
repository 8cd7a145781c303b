using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Mcp.Http;

/// <summary>
/// Refuses requests whose <c>Host</c> or <c>Origin</c> names a host this service does not answer for: a web page
/// on another site that rebinds its DNS to this machine cannot reach the MCP endpoints.
/// </summary>
public sealed class HostOriginPolicy(IOptions<McpHttpOptions> options)
{
    // Read once: the options are not reloaded, and these run on every request.
    private readonly string[] _hosts = [.. options.Value.AllowedHosts.Select(StripPort)];
    private readonly string[] _origins = [.. options.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))];

    public bool IsAllowedHost(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (IsLoopback(host))
        {
            return true;
        }

        foreach (var allowed in _hosts)
        {
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
                : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase) || allowed == "*")
            {
                return true;
            }
        }

        return false;
    }

    public bool IsAllowedOrigin(string origin)
    {
        if (origin.Length == 0)
        {
            return true;
        }

        var trimmed = origin.TrimEnd('/');
        foreach (var allowed in _origins)
        {
            if (allowed == "*" || string.Equals(trimmed, allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsAllowedHost(uri.Host);
    }

    /// <summary>Checks the request; on refusal writes a 403 JSON-RPC error and returns false.</summary>
    public async ValueTask<bool> CheckAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (!IsAllowedHost(host))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpHttpErrors.ServerError,
                $"Forbidden: this service does not answer for host '{host}'.");
            return false;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!IsAllowedOrigin(origin))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpHttpErrors.ServerError,
                $"Forbidden: origin '{origin}' may not call this endpoint.");
            return false;
        }

        return true;
    }

    private static bool IsLoopback(string host)
    {
        if (host is "127.0.0.1" or "[::1]" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var trimmed = host.Trim('[', ']');
        return IPAddress.TryParse(trimmed, out var address) && IPAddress.IsLoopback(address);
    }

    private static string StripPort(string pattern)
    {
        var colon = pattern.LastIndexOf(':');
        return colon > 0 && !pattern.EndsWith(']') && pattern.IndexOf(':') == colon ? pattern[..colon] : pattern;
    }
}
