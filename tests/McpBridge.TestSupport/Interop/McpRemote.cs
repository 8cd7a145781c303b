namespace McpBridge.TestSupport.Interop;

/// <summary>
/// Reaches an HTTP endpoint through <c>mcp-remote</c> (the stdio-to-HTTP bridge local clients use), driven by the
/// Inspector CLI over stdio: a second independent client path.
/// </summary>
public static class McpRemote
{
    /// <summary>Sends one request through <c>mcp-remote URL --transport {http-only|sse-only}</c>.</summary>
    public static async Task<InspectorResult> RunAsync(
        string url,
        string transport,
        InspectorRequest request,
        IReadOnlyDictionary<string, string>? headers = null,
        CancellationToken cancellationToken = default)
    {
        // mcp-remote keeps OAuth state in ~/.mcp-auth unless told otherwise; each run gets its own folder.
        var configDirectory = Directory.CreateTempSubdirectory("mcp-remote-");
        try
        {
            List<string> arguments = [InteropEnvironment.Package("mcp-remote", "dist", "proxy.js"), url, "--transport", transport];
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                arguments.AddRange(["--header", $"{name}:{value}"]);
            }

            return await InspectorCli.RunStdioAsync(
                InteropEnvironment.NodePath,
                arguments,
                request,
                new Dictionary<string, string> { ["MCP_REMOTE_CONFIG_DIR"] = configDirectory.FullName },
                cancellationToken);
        }
        finally
        {
            configDirectory.Delete(recursive: true);
        }
    }
}
