using McpBridge.Server.Tunnels;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using Microsoft.Extensions.DependencyInjection;
using McpBridge.TestSupport.Time;

namespace McpBridge.Server.Tests.Tunnels;

/// <summary>The real server with a clock that moves only when a test says so and a stand-in for the relay's registry.</summary>
public abstract class TunnelBridge(DatabaseProvider provider) : BridgeFixture(provider)
{
    public FakeTimeProvider Clock { get; } = new(coalescePeriodicTimers: true);

    public FakeTunnelPresence Presence { get; } = new();

    protected override void Configure(TestBridgeOptions options) =>
        options.ConfigureServices.Add(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ITunnelPresence>(Presence);
        });
}

public sealed class SqliteTunnelBridge() : TunnelBridge(DatabaseProvider.Sqlite);

public sealed class PostgresTunnelBridge() : TunnelBridge(DatabaseProvider.Postgres);
