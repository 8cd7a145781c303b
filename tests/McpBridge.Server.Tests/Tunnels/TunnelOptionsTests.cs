using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.Server.Tunnels;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tests.Tunnels;

public sealed class TunnelOptionsTests
{
    [Fact]
    public void Options_HaveTheDocumentedDefaults()
    {
        var options = Resolve([]);

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromHours(2), options.TemporaryLifetime);
        Assert.Equal(2, options.AnonymousPerAddressConcurrent);
        Assert.Equal(10, options.AnonymousPerAddressPerHour);
        Assert.Equal(1_000, options.AnonymousRequestsPerTunnel);
    }

    [Fact]
    public void Options_AreReadFromTheTunnelsSection()
    {
        var options = Resolve(new() { ["Tunnels:TemporaryLifetime"] = "00:30:00", ["Tunnels:AnonymousPerAddressPerHour"] = "3", ["Tunnels:Enabled"] = "false" });

        Assert.Equal(TimeSpan.FromMinutes(30), options.TemporaryLifetime);
        Assert.Equal(3, options.AnonymousPerAddressPerHour);
        Assert.False(options.Enabled);
    }

    [Theory]
    [InlineData("Tunnels:TemporaryLifetime", "00:00:00", "Tunnels:TemporaryLifetime must be between")]
    [InlineData("Tunnels:TemporaryLifetime", "30.00:00:00", "Tunnels:TemporaryLifetime must be between")]
    [InlineData("Tunnels:AnonymousPerAddressConcurrent", "-1", "Tunnels:AnonymousPerAddressConcurrent must be 0 or more")]
    [InlineData("Tunnels:AnonymousPerAddressPerHour", "-5", "Tunnels:AnonymousPerAddressPerHour must be 0 or more")]
    [InlineData("Tunnels:AnonymousRequestsPerTunnel", "-1", "Tunnels:AnonymousRequestsPerTunnel must be 0 or more")]
    public void Options_RefuseNonsense_WithTheSettingsName(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task DisabledTunnels_RefuseAgentsAndReservations()
    {
        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite, o => o.Settings["Tunnels:Enabled"] = "false");
        var account = await bridge.SignupAsync();

        var lease = await bridge.Services.GetRequiredService<TunnelLeases>()
            .AcquireAsync(new TunnelConnectRequest(null, null, true, null, IPAddress.Loopback), CancellationToken.None);
        using var reserve = await account.TryReserveTunnelAsync("anything");

        Assert.Equal(StatusCodes.Status403Forbidden, lease.Error?.Status);
        Assert.Equal("Tunnels are turned off on this server.", lease.Error?.Detail);
        await ApiCalls.ProblemAsync(reserve, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    private static TunnelOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddTunnels();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TunnelOptions>>().Value;
    }
}
