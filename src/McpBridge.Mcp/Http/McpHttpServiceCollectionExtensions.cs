using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpBridge.Mcp.Http;

public static class McpHttpServiceCollectionExtensions
{
    /// <summary>Adds the MCP HTTP transports (Streamable HTTP, legacy SSE), their session store and idle reaper.</summary>
    public static IServiceCollection AddMcpHttpTransports(this IServiceCollection services)
    {
        services.AddOptions<McpHttpOptions>().BindConfiguration(McpHttpOptions.SectionName).ValidateOnStart()
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.SessionIdleTimeout > TimeSpan.Zero && o.MaxSessions > 0,
                "Mcp: MaxRequestBodyBytes, SessionIdleTimeout and MaxSessions must be positive.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<McpSessionStore>();
        services.TryAddSingleton<McpSessionBroker>();
        services.TryAddSingleton(sp => new McpSessionControl(sp.GetRequiredService<McpSessionStore>()));
        services.TryAddSingleton<StreamableHttpHandler>();
        services.TryAddSingleton<SseHandler>();
        services.TryAddSingleton<HostOriginPolicy>();
        services.AddHostedService<McpSessionReaper>();
        return services;
    }

    /// <summary>
    /// Maps <c>{prefix}/mcp</c> (POST, GET, DELETE), <c>{prefix}/sse</c> (GET) and <c>{prefix}/message</c> (POST) on
    /// <paramref name="endpoints"/>. Something before these handlers must set a <see cref="McpTargetFeature"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpTransports(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        // The handlers are singletons: resolve them (and their delegates) once rather than on every request.
        var streamable = endpoints.ServiceProvider.GetRequiredService<StreamableHttpHandler>();
        var sse = endpoints.ServiceProvider.GetRequiredService<SseHandler>();
        Func<HttpContext, Task> post = streamable.HandlePostAsync, get = streamable.HandleGetAsync, delete = streamable.HandleDeleteAsync;
        Func<HttpContext, Task> stream = sse.HandleSseAsync, message = sse.HandleMessageAsync;

        var group = endpoints.MapGroup(prefix);
        group.MapPost("/mcp", (HttpContext context) => McpEndpointGuard.RunAsync(context, post));
        group.MapGet("/mcp", (HttpContext context) => McpEndpointGuard.RunAsync(context, get));
        group.MapDelete("/mcp", (HttpContext context) => McpEndpointGuard.RunAsync(context, delete));
        group.MapGet("/sse", (HttpContext context) => McpEndpointGuard.RunAsync(context, stream));
        group.MapPost("/message", (HttpContext context) => McpEndpointGuard.RunAsync(context, message));
        group.ExcludeFromDescription();
        return group;
    }
}
