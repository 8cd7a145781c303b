using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Tunnels.Relay;

/// <summary>A real server for relay tests, with anonymous limits raised so that many temporary tunnels can come from 127.0.0.1.</summary>
public sealed class RelayFixture() : BridgeFixture(DatabaseProvider.Sqlite)
{
    protected override void Configure(TestBridgeOptions options)
    {
        options.Settings["Tunnels:AnonymousPerAddressConcurrent"] = "1000";
        options.Settings["Tunnels:AnonymousPerAddressPerHour"] = "100000";
    }
}
