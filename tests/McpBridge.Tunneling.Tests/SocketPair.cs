using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;

namespace McpBridge.Tunneling.Tests;

/// <summary>A relay end and an agent end of a tunnel, over a real loopback TCP connection.</summary>
internal sealed class SocketPair : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private SocketPair(TcpClient client, TcpClient server, TunnelConnection relay, TunnelConnection agent, List<TunnelNotice> notices)
    {
        Notices = notices;
        _client = client;
        _server = server;
        Relay = relay;
        Agent = agent;
        RelayReading = relay.RunAsync(CancellationToken.None);
        AgentReading = agent.RunAsync(CancellationToken.None);
    }

    public TunnelConnection Relay { get; }

    public TunnelConnection Agent { get; }

    public Task RelayReading { get; }

    public Task AgentReading { get; }

    public List<TunnelNotice> Notices { get; }

    public static async Task<SocketPair> CreateAsync(Func<TunnelStream, Task> accept, int maxStreams = 1000)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accepting;
        var notices = new List<TunnelNotice>();
        var relay = new TunnelConnection(WebSocket.CreateFromStream(server.GetStream(), true, null, TimeSpan.Zero));
        var agent = new TunnelConnection(WebSocket.CreateFromStream(client.GetStream(), false, null, TimeSpan.Zero), new TunnelConnectionOptions
        {
            AcceptStream = accept,
            MaxConcurrentStreams = maxStreams,
            NoticeReceived = n =>
            {
                lock (notices)
                {
                    notices.Add(n);
                }
            },
        });
        return new SocketPair(client, server, relay, agent, notices);
    }

    public async ValueTask DisposeAsync()
    {
        Relay.Abort("test over");
        Agent.Abort("test over");
        await Task.WhenAll(RelayReading, AgentReading);
        _client.Dispose();
        _server.Dispose();
    }
}
