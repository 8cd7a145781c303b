namespace McpBridge.Mcp.Http;

/// <summary>Protocol revisions and header names the HTTP endpoints understand.</summary>
public static class McpProtocol
{
    public const string July2026 = "2026-07-28";

    /// <summary>Every revision served, oldest first. 2026-07-28 and later are served statelessly.</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", July2026];

    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";

    public static bool IsSupported(string version) => SupportedVersions.Contains(version, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="version"/> is a revision without sessions (2026-07-28 or later).</summary>
    public static bool IsStateless(string? version) =>
        !string.IsNullOrEmpty(version) && string.CompareOrdinal(version, July2026) >= 0;
}
