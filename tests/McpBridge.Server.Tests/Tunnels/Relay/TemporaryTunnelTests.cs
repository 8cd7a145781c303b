using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Client.Tunnels;
using McpBridge.Protocol.Tunnels;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using Microsoft.Extensions.DependencyInjection;
using McpBridge.TestSupport.Time;

namespace McpBridge.Server.Tests.Tunnels.Relay;

/// <summary>The real relay on a clock that moves only when the test says so.</summary>
public sealed class FakeClockRelayFixture() : BridgeFixture(DatabaseProvider.Sqlite)
{
    public FakeTimeProvider Clock { get; } = new(coalescePeriodicTimers: true);

    protected override void Configure(TestBridgeOptions options)
    {
        options.Settings["Tunnels:AnonymousRequestsPerTunnel"] = "3";
        options.ConfigureServices.Add(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class TemporaryTunnelTests(FakeClockRelayFixture fixture) : IClassFixture<FakeClockRelayFixture>, IAsyncLifetime
{
    private LocalTarget _target = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync() => _target = await LocalTarget.StartAsync();

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task TemporaryTunnel_WarnsBeforeItsTwoHoursEnd_ThenExpires_AndTheAgentStops()
    {
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, LocalPort = _target.Port, Temporary = true, Name = "demo" });
        var expiring = new TaskCompletionSource<CloudNoticeEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fatal = new TaskCompletionSource<CloudErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnects = 0;
        connector.Notice += (_, e) =>
        {
            if (e.Kind == TunnelNotice.Expiring)
            {
                expiring.TrySetResult(e);
            }
        };
        connector.Error += (_, e) =>
        {
            if (e.IsFatal)
            {
                fatal.TrySetResult(e);
            }
        };
        connector.Reconnecting += (_, _) => Interlocked.Increment(ref reconnects);
        var connection = await connector.ConnectAsync();

        Assert.Matches("^temp-demo-[a-z0-9]{6}$", connection.Subdomain);
        Assert.Equal(fixture.Clock.GetUtcNow().AddHours(2), connection.ExpiresAt);

        // A timer fires at its due time within a jump, and the sweep may read the clock then; a second small step makes
        // sure one sweep sees the clock after the jump.
        fixture.Clock.Advance(TimeSpan.FromMinutes(111));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var warning = await expiring.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Matches("expires in (9|10) min", warning.Message);
        Assert.True(connector.IsConnected);

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var error = await fatal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("expired", error.Message);
        Assert.False(connector.IsConnected);
        Assert.Equal(0, reconnects);

        var after = await _http.GetAsync(new Uri(fixture.Bridge.BaseUri, $"/t/{connection.Subdomain}/hello"));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task AnonymousTunnel_OverItsRequestCap_Answers429()
    {
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, LocalPort = _target.Port, Temporary = true });
        var connection = await connector.ConnectAsync();
        var url = new Uri(fixture.Bridge.BaseUri, $"/t/{connection.Subdomain}/hello");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(url)).StatusCode);
        }

        var refused = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("quota_exceeded", problem.GetProperty("code").GetString());
    }
}
