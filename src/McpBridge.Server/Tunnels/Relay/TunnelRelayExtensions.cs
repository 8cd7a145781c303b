using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpBridge.Server.Tunnels.Relay;

internal static class TunnelRelayExtensions
{
    /// <summary>The relay: the registry of connected agents, request forwarding and the sweeper.</summary>
    public static IServiceCollection AddTunnelRelay(this IServiceCollection services)
    {
        services.AddOptions<TunnelRelayOptions>().BindConfiguration(TunnelRelayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TunnelRegistry>();
        services.Replace(ServiceDescriptor.Singleton<ITunnelPresence>(sp => sp.GetRequiredService<TunnelRegistry>()));
        services.AddSingleton<TunnelUrls>();
        services.AddSingleton<TunnelForwarder>();
        services.AddSingleton<TunnelConnectHandler>();
        services.AddHostedService<TunnelSweeper>();
        services.AddSingleton<McpBridge.Connectors.IConnector, TunnelSourceConnector>();
        return services;
    }

    /// <summary>Public tunnel traffic and agents' connections, ahead of every other route, and the WebSocket support agents connect with.</summary>
    public static WebApplication UseTunnelRelay(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseMiddleware<TunnelProxyMiddleware>();
        return app;
    }
}
