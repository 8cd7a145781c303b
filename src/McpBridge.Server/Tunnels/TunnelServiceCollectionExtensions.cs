using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tunnels;

// Interim: replaced by the names, plans and leases work (branch wt-d).
internal static class TunnelServiceCollectionExtensions
{
    public static IServiceCollection AddTunnels(this IServiceCollection services)
    {
        services.AddSingleton<TunnelLeases>();
        services.AddSingleton<TunnelMeter>();
        return services;
    }
}
