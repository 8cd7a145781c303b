using System.Net.Http.Json;
using McpBridge.Connectors;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Server.Tests.Deployment;

/// <summary>Deploys that go wrong half-way: the client leaves, a source fails to start in an unusual way.</summary>
public sealed class DeployTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Deploy_GoesLiveOnTheNode_WhenTheClientDisconnectsHalfWay()
    {
        var gated = new GatedConnector();
        var watch = new RequestAbortWatch();
        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite, o => o.ConfigureServices.Add(services =>
        {
            services.AddSingleton<IConnector>(gated);
            services.AddSingleton<IStartupFilter>(watch);
        }));
        var account = await bridge.SignupAsync();
        var (server, key, _) = await account.DeployedServerAsync("Impatient", ("echo", null));
        await using var client = await McpCalls.ConnectAsync($"{bridge.BaseUri}s/{server.Slug}/mcp", key.Key,
            options: new McpClientOptions { ProtocolVersion = "2025-11-25" }, standaloneGetStream: true);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            changed.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await account.AddToolAsync(server.Id, GatedConnector.ConnectorId);

        using var impatience = new CancellationTokenSource();
        var deploy = account.Client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/deploy", new DeployRequest(), TestBridge.Json, impatience.Token);
        await gated.Entered.Task.WaitAsync(s_timeout);
        await impatience.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deploy);
        await watch.DeployAborted.Task.WaitAsync(s_timeout);
        gated.Gate.TrySetResult();

        // Version 2 was committed before the client left, so this node serves it.
        await changed.Task.WaitAsync(s_timeout);
        Assert.Contains("gated", (await client.ListToolsAsync()).Select(t => t.Name));
        Assert.True((await account.GetAsync<VersionInfo[]>($"/api/v1/servers/{server.Id}/versions")).Single(v => v.Version == 2).Live);
    }

    [Fact]
    public async Task Deploy_ReportsASourceThatTimedOutStarting_AsFailed_AndServesTheRest()
    {
        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite,
            o => o.ConfigureServices.Add(services => services.AddSingleton<IConnector, TimingOutConnector>()));
        var account = await bridge.SignupAsync();
        var server = await account.CreateServerAsync("Slow upstream");
        await account.AddToolAsync(server.Id, "echo");
        await account.AddToolAsync(server.Id, TimingOutConnector.ConnectorId);

        var deploy = await account.DeployAsync(server.Id);

        var failed = deploy.Sources.Single(s => s.Connector == TimingOutConnector.ConnectorId);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("could not start", failed.Error);
        Assert.Equal(["echo"], deploy.Tools);
    }
}
