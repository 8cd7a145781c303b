using System.Net.WebSockets;
using System.Text;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;

namespace McpBridge.Server.Tests.Tunnels.Relay;

/// <summary>The relay and an agent agree on the frame format through the version header of the connect exchange.</summary>
public sealed class OlderAgentTests(RelayFixture fixture) : IClassFixture<RelayFixture>
{
    [Fact]
    public async Task ConnectAnswer_NamesTheRelaysFrameVersion()
    {
        using var socket = await DialAsync(announce: true);

        Assert.True(socket.HttpResponseHeaders!.TryGetValue(TunnelFrame.VersionHeader, out var values));
        Assert.Equal(TunnelFrame.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), values.Single());
    }

    [Fact]
    public async Task AgentThatNamesNoVersion_IsServed_InTheFirstFormat()
    {
        // An agent from before the version header: it knows neither batches nor a head carrying only the body's start.
        using var socket = await DialAsync(announce: false);
        var welcome = new TaskCompletionSource<TunnelNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var agent = new TunnelConnection(socket, new TunnelConnectionOptions
        {
            NoticeReceived = n => welcome.TrySetResult(n),
            AcceptStream = async stream =>
            {
                await stream.SendResponseAsync(new TunnelResponseHead(200, [new("Content-Type", "text/plain")]), Encoding.UTF8.GetBytes("answer to " + stream.RequestHead!.Target), CancellationToken.None);
            },
        });
        var reading = agent.RunAsync(CancellationToken.None);
        var url = (await welcome.Task.WaitAsync(TimeSpan.FromSeconds(30))).Url!;

        // Many at once, so that the relay has frames waiting behind each other to send.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => http.GetStringAsync(new Uri($"{url.TrimEnd('/')}/{i}"))));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"answer to /{i}"), answers);
        Assert.False(agent.Closed.IsCancellationRequested);
        await agent.CloseAsync("test over");
        await reading.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<ClientWebSocket> DialAsync(bool announce)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (announce)
        {
            socket.Options.SetRequestHeader(TunnelFrame.VersionHeader, TunnelFrame.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var uri = new UriBuilder(fixture.Bridge.BaseUri) { Scheme = "ws", Path = TunnelConnectQuery.Path, Query = $"{TunnelConnectQuery.Temporary}=true" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }
}
