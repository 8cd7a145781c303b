using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace McpBridge.ConformanceTools;

/// <summary>Serves the conformance set over stdio; stdout carries only MCP messages, logs go to stderr.</summary>
internal static class StdioHost
{
    public static async Task RunAsync(bool diagnostics, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var transport = new StdioServerTransport("conformance-tools", loggerFactory);
        await using var server = McpServer.Create(transport, ConformanceToolset.CreateServerOptions(diagnostics), loggerFactory);
        await server.RunAsync(cancellationToken);
    }
}
