namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// The relay's own cookies (the dashboard's session, its antiforgery and sign-in cookies) never cross a tunnel: a
/// tunnel's content may belong to anyone, and on the path form (<c>/t/{name}/</c>) it shares the dashboard's host, so
/// the browser would send them along and let it set them. They all start with <see cref="Prefix"/>.
/// </summary>
internal static class RelayCookies
{
    public const string Prefix = "mcpb_";

    /// <summary>
    /// What a path-form tunnel's documents run as: a sandbox without <c>allow-same-origin</c> gives them an opaque
    /// origin, so a tunnel's page can run scripts and post forms but can neither read the dashboard nor use its session.
    /// </summary>
    public const string PathFormSandbox = "sandbox allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-scripts";

    /// <summary>A request's <c>Cookie</c> header without the relay's cookies; null when nothing is left.</summary>
    public static string? WithoutOurs(string cookieHeader)
    {
        if (!cookieHeader.Contains(Prefix, StringComparison.Ordinal))
        {
            return cookieHeader;
        }

        var kept = cookieHeader.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.StartsWith(Prefix, StringComparison.Ordinal));
        var joined = string.Join("; ", kept);
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>
    /// Whether a tunnel's <c>Set-Cookie</c> may reach the browser: not one of ours by name, and not for more than the
    /// tunnel's own host. On <c>{name}.{host}</c> a <c>Domain</c> other than that host would reach the relay and every
    /// other tunnel; on the path form, which shares the relay's host, any <c>Domain</c> would reach every subdomain.
    /// </summary>
    public static bool MayPass(string setCookie, string requestHost, bool pathForm)
    {
        var equals = setCookie.IndexOf('=', StringComparison.Ordinal);
        var name = (equals < 0 ? setCookie : setCookie[..equals]).Trim();
        if (name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var attribute in setCookie.Split(';').Skip(1))
        {
            var at = attribute.IndexOf('=', StringComparison.Ordinal);
            if (at < 0 || !attribute[..at].Trim().Equals("Domain", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var domain = attribute[(at + 1)..].Trim().TrimStart('.');
            if (domain.Length > 0 && (pathForm || !domain.Equals(requestHost, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }
}
