namespace McpBridge.Tunneling;

/// <summary>Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded through a tunnel.</summary>
public static class HopByHopHeaders
{
    private static readonly HashSet<string> s_names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade",
    };

    /// <summary>Whether <paramref name="name"/> is hop-by-hop.</summary>
    public static bool Contains(string name) => s_names.Contains(name);
}
