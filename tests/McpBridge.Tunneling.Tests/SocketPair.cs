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

    private readonly TaskCompletionSource _startRelay = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SocketPair(TcpClient client, TcpClient server, CountingWebSocket relaySocket, TunnelConnection relay, TunnelConnection agent, List<TunnelNotice> notices, bool relayReads)
    {
        RelaySocket = relaySocket;
        Notices = notices;
        _client = client;
        _server = server;
        Relay = relay;
        Agent = agent;
        if (relayReads)
        {
            _startRelay.SetResult();
        }

        RelayReading = _startRelay.Task.ContinueWith(_ => relay.RunAsync(CancellationToken.None), TaskScheduler.Default).Unwrap();
        AgentReading = agent.RunAsync(CancellationToken.None);
    }

    /// <summary>Starts the relay's read loop, for a pair created with <c>relayReads: false</c>.</summary>
    public void StartRelayReading() => _startRelay.TrySetResult();

    public TunnelConnection Relay { get; }

    /// <summary>The relay's WebSocket: counts the messages the relay received.</summary>
    public CountingWebSocket RelaySocket { get; }

    public TunnelConnection Agent { get; }

    public Task RelayReading { get; }

    public Task AgentReading { get; }

    public List<TunnelNotice> Notices { get; }

    /// <param name="relayReads">false: the relay reads nothing until <see cref="StartRelayReading"/>, so the agent's sends back up.</param>
    /// <param name="socketBuffer">TCP buffer sizes, small to make sends wait sooner (0: the system's).</param>
    /// <param name="version">The frame format version both ends announce (the current one unless an older peer is the point).</param>
    public static async Task<SocketPair> CreateAsync(Func<TunnelStream, Task> accept, int maxStreams = 1000, bool relayReads = true, int socketBuffer = 0, int version = TunnelFrame.Version)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        if (socketBuffer > 0)
        {
            client.SendBufferSize = socketBuffer;
            client.ReceiveBufferSize = socketBuffer;
            listener.Server.ReceiveBufferSize = socketBuffer;
            listener.Server.SendBufferSize = socketBuffer;
        }

        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accepting;
        var notices = new List<TunnelNotice>();
        var relaySocket = new CountingWebSocket(WebSocket.CreateFromStream(server.GetStream(), true, null, TimeSpan.Zero));
        var relay = new TunnelConnection(relaySocket, new TunnelConnectionOptions { PeerVersion = version });
        var agent = new TunnelConnection(WebSocket.CreateFromStream(client.GetStream(), false, null, TimeSpan.Zero), new TunnelConnectionOptions
        {
            AcceptStream = accept,
            MaxConcurrentStreams = maxStreams,
            PeerVersion = version,
            NoticeReceived = n =>
            {
                lock (notices)
                {
                    notices.Add(n);
                }
            },
        });
        return new SocketPair(client, server, relaySocket, relay, agent, notices, relayReads);
    }

    public async ValueTask DisposeAsync()
    {
        Relay.Abort("test over");
        Agent.Abort("test over");
        StartRelayReading();
        await Task.WhenAll(RelayReading, AgentReading);
        _client.Dispose();
        _server.Dispose();
    }
}
