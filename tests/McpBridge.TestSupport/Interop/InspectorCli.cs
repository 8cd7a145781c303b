namespace McpBridge.TestSupport.Interop;

/// <summary>Drives the MCP Inspector's non-interactive CLI (<c>@modelcontextprotocol/inspector-cli</c>).</summary>
public static class InspectorCli
{
    /// <summary>Sends one request to an HTTP endpoint (Streamable HTTP or SSE).</summary>
    public static Task<InspectorResult> RunAsync(string url, InspectorRequest request, CancellationToken cancellationToken = default) =>
        RunCoreAsync([url, .. request.ToArguments()], request.Timeout, null, cancellationToken);

    /// <summary>Starts <paramref name="command"/> as a stdio server and sends it one request.</summary>
    public static Task<InspectorResult> RunStdioAsync(
        string command,
        IEnumerable<string> commandArguments,
        InspectorRequest request,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default) =>
        RunCoreAsync([command, .. request.ToArguments(), "--", .. commandArguments], request.Timeout, environment, cancellationToken);

    private static async Task<InspectorResult> RunCoreAsync(string[] arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        // The CLI finds its own package.json as "../package.json" relative to the current directory, so it must
        // run from its build folder; stdio commands therefore need absolute paths.
        var build = InteropEnvironment.Package("@modelcontextprotocol", "inspector-cli", "build");
        var process = await CapturedProcess.RunAsync(
            InteropEnvironment.NodePath, [Path.Combine(build, "index.js"), .. arguments], timeout, build, environment, cancellationToken);
        return new InspectorResult(process);
    }
}
