using System.IO.Pipelines;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>
/// An upstream MCP server in this process, reached over in-memory pipes: a stand-in for a stdio child whose tools a
/// test can change while it runs. Each <see cref="CreateTransport"/> call starts a fresh server session.
/// </summary>
internal sealed class InMemoryUpstream(McpServerOptions options) : IAsyncDisposable
{
    private readonly List<(McpServer Server, Task Run, Pipe ToServer, Pipe ToClient)> _sessions = [];

    public McpServerOptions Options { get; } = options;

    public int SessionCount
    {
        get
        {
            lock (_sessions)
            {
                return _sessions.Count;
            }
        }
    }

    public ValueTask<IClientTransport> CreateTransport(CancellationToken cancellationToken)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var server = McpServer.Create(new StreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream(), "in-memory"), Options);
        lock (_sessions)
        {
            _sessions.Add((server, server.RunAsync(), toServer, toClient));
        }

        return new ValueTask<IClientTransport>(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()));
    }

    public async ValueTask DisposeAsync()
    {
        (McpServer Server, Task Run, Pipe ToServer, Pipe ToClient)[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        foreach (var session in sessions)
        {
            await session.ToServer.Writer.CompleteAsync();
            await session.Server.DisposeAsync();
        }
    }
}
