using System.Net;
using System.Text.Json;
using McpBridge.Client.Tunnels;
using McpBridge.ConformanceTools;
using McpBridge.Server.Tests.Tunnels;
using McpBridge.ServerTesting;
using ModelContextProtocol.Client;

namespace McpBridge.Server.Tests.Tunnels.Relay;

/// <summary>A hosted server whose source is an MCP server on the user's machine, reached through their own tunnel.</summary>
public sealed class TunnelSourceTests(SqliteBridge fixture) : IClassFixture<SqliteBridge>
{
    [Fact]
    public async Task HostedServer_CombinesHostedToolsWithToolsBehindTheAccountsTunnel()
    {
        var account = await fixture.Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(account.AccountId, "starter");
        var name = $"laptop-{Guid.NewGuid():N}"[..16];
        await using var local = await ConformanceToolsProcess.StartHttpAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions
        {
            ServerUrl = fixture.Bridge.BaseUri,
            ApiKey = account.ApiKey,
            Name = name,
            TargetUrl = new Uri(new Uri(local.Url), "/"),
        });
        await connector.ConnectAsync();

        var (server, key, deploy) = await account.DeployedServerAsync("mixed", ("echo", null), ("tunnel", new { name, path = new Uri(local.Url).AbsolutePath }));
        await using var client = await McpCalls.ConnectAsync(server.Endpoints.PathMcp, key.Key);
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToArray();
        var result = await client.CallToolAsync(tools.Single(t => t.EndsWith("test_simple_text", StringComparison.Ordinal)));

        Assert.Contains(tools, t => t.Contains("echo", StringComparison.Ordinal));
        Assert.Contains("This is a simple text response for testing.", JsonSerializer.Serialize(result.Content));
    }

    [Fact]
    public async Task TunnelSource_RefusesAnotherAccountsTunnel()
    {
        var owner = await fixture.Bridge.SignupAsync();
        var other = await fixture.Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(owner.AccountId, "starter");
        var name = $"mine-{Guid.NewGuid():N}"[..14];
        await owner.ReserveTunnelAsync(name);

        var (server, key, deploy) = await other.DeployedServerAsync("thief", ("tunnel", new { name }));
        await fixture.Bridge.FlushMeteringAsync();
        var events = await other.Client.GetStringAsync($"/api/v1/servers/{server.Id}/logs");

        Assert.True(events.Contains("is not one of this account", StringComparison.Ordinal), events);
        await using var client = await McpCalls.ConnectAsync(server.Endpoints.PathMcp, key.Key);
        Assert.Empty(await client.ListToolsAsync());
    }
}
