using System.Collections.Concurrent;
using System.Security.Cryptography;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Bench.BareServer;

/// <summary>Creates sessions (a transport plus a server running on it) and finds them by <c>Mcp-Session-Id</c>.</summary>
internal sealed class BareSessionStore(ILoggerFactory loggerFactory, IServiceProvider services, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<string, BareSession> _sessions = new(StringComparer.Ordinal);

    // The same tool shape as the gateway's `echo` connector, so both sides do the same work per call.
    private readonly McpServerOptions _options = new()
    {
        ServerInfo = new Implementation { Name = "bench-bare-server", Version = "1.0.0" },
        ToolCollection =
        [
            McpServerTool.Create(
                (string message) => $"Echo: {message}",
                new McpServerToolCreateOptions { Name = "echo", Description = "Return the given message prefixed with 'Echo: '.", SerializerOptions = McpJsonUtilities.DefaultOptions }),
        ],
    };

    public (string Id, BareSession Session) Start()
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id };
        var server = McpServer.Create(transport, _options, loggerFactory, services);
        var session = new BareSession(transport, server, server.RunAsync(lifetime.ApplicationStopping));
        _sessions[id] = session;
        return (id, session);
    }

    public bool TryGet(string id, out BareSession session) => _sessions.TryGetValue(id, out session!);

    public bool TryRemove(string id, out BareSession session) => _sessions.TryRemove(id, out session!);
}
