using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace McpBridge.Server.Servers;

/// <summary>Slugs are DNS labels (they become <c>{slug}.{host}</c>): lowercase letters, digits and dashes, 3–63 long.</summary>
internal static class SlugRules
{
    private static readonly SearchValues<char> s_slugCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Labels that name parts of the service itself, or invite confusion (for server slugs and tunnel names alike).</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "www", "app", "admin", "dashboard", "auth", "login", "signup", "static", "assets", "docs", "status",
        "mail", "smtp", "mcp", "sse", "s", "t", "tunnel", "tunnels", "relay", "connect", "internal", "localhost", "root",
        "temp", "healthz", "openapi", "ws", "wss", "oauth", "sso", "cdn", "billing", "help", "support", "blog", "metrics",
        "console", "ns1", "ns2", "cloud", "agent", "account", "accounts", "servers", "keys", "plans",
    };

    /// <summary>Whether <paramref name="slug"/> could be a server's slug at all (checked before any lookup).</summary>
    public static bool IsWellFormed(string slug) =>
        slug.Length is >= 1 and <= 63 && slug.AsSpan().IndexOfAnyExcept(s_slugCharacters) < 0;

    public static string FromName(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > 50)
        {
            slug = slug[..50].TrimEnd('-');
        }

        return slug.Length < 3 || Reserved.Contains(slug) || slug.StartsWith("temp-", StringComparison.Ordinal) ? $"server-{Suffix()}" : slug;
    }

    public static string WithSuffix(string slug) => $"{(slug.Length > 50 ? slug[..50].TrimEnd('-') : slug)}-{Suffix()}";

    private static string Suffix() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 5);
}
