using McpBridge.Mcp.Http;
using Microsoft.Extensions.Logging;

namespace McpBridge.Mcp.Tests.TestHost;

internal sealed class McpTestServerOptions
{
    /// <summary>Targets by name; the empty name is served at <c>/mcp</c>, others at <c>/t/{name}/mcp</c>.</summary>
    public Dictionary<string, IMcpTarget> Targets { get; } = new(StringComparer.Ordinal);

    public Action<McpHttpOptions>? ConfigureHttp { get; set; }

    public TimeProvider? TimeProvider { get; set; }

    public IMcpRequestGate? Gate { get; set; }

    public ILoggerProvider? Logs { get; set; }
}
