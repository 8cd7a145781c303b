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

        foreach (var pattern in options.Value.AllowedHosts)
        {
            var allowed = StripPort(pattern);
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

        foreach (var allowed in options.Value.AllowedOrigins)
        {
            if (allowed == "*" || string.Equals(origin.TrimEnd('/'), allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
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
