using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpBridge.Server.Tunnels;

internal static class TunnelServiceCollectionExtensions
{
    /// <summary>
    /// Tunnel names, leases, metering and the tunnels REST API. The relay (<c>AddTunnelRelay</c>) adds its registry in
    /// place of <see cref="NoTunnelPresence"/>, and the tunnel URLs the API gives out.
    /// </summary>
    public static IServiceCollection AddTunnels(this IServiceCollection services)
    {
        services.AddOptions<TunnelOptions>().BindConfiguration(TunnelOptions.Section)
            .Validate(o => o.TemporaryLifetime >= TimeSpan.FromMinutes(1) && o.TemporaryLifetime <= TimeSpan.FromDays(7),
                "Tunnels:TemporaryLifetime must be between 00:01:00 and 7.00:00:00 (default 02:00:00).")
            .Validate(o => o.AnonymousPerAddressConcurrent >= 0, "Tunnels:AnonymousPerAddressConcurrent must be 0 or more (0: no tunnels without an account).")
            .Validate(o => o.AnonymousPerAddressPerHour >= 0, "Tunnels:AnonymousPerAddressPerHour must be 0 or more (0: no tunnels without an account).")
            .Validate(o => o.AnonymousRequestsPerTunnel >= 0, "Tunnels:AnonymousRequestsPerTunnel must be 0 or more.")
            .ValidateOnStart();

        services.TryAddSingleton<ITunnelPresence, NoTunnelPresence>();
        services.AddSingleton<TunnelNameStore>();
        services.AddSingleton<TunnelMeter>();
        services.AddSingleton<TunnelLeases>();
        services.AddSingleton<TunnelService>();
        services.AddSingleton<TunnelUsageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TunnelUsageWriter>());
        return services;
    }
}
