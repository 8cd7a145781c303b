using Microsoft.AspNetCore.Http;

namespace McpBridge.Server.Hosting;

/// <summary>Which request paths are hosted servers' MCP endpoints (path form <c>/s/{slug}/...</c> or host form).</summary>
internal static class McpPaths
{
    public static bool IsMcp(PathString path) =>
        path.StartsWithSegments("/s") || path.StartsWithSegments("/mcp") || path.StartsWithSegments("/sse") || path.StartsWithSegments("/message");
}
