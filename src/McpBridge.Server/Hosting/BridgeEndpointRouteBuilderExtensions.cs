using McpBridge.Mcp.Http;
using McpBridge.Server.Accounts;
using McpBridge.Server.Admin;
using McpBridge.Server.Catalog;
using McpBridge.Server.Accounts.Device;
using McpBridge.Server.Dashboard;
using McpBridge.Server.Gateway;
using McpBridge.Server.Servers;
using McpBridge.Server.Tunnels;
using McpBridge.Server.Tunnels.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Hosting;

internal static class BridgeEndpointRouteBuilderExtensions
{
    /// <summary>The middleware pipeline and every endpoint: REST API, OpenAPI document, and hosted servers' MCP endpoints.</summary>
    public static WebApplication MapBridge(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BridgeOptions>>().Value;

        // Behind a reverse proxy: the client's address and scheme come from the proxy's headers, and only from proxies
        // named in TrustedProxies (a client cannot claim an address through an untrusted hop). Every per-address limit,
        // the X-Forwarded-* headers a tunnel passes on and secure cookies then see the real client.
        if (TrustedProxyList.Parse(options.TrustedProxies).Networks is { Count: > 0 } proxies)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                // Through every trusted hop (a load balancer, then nginx), stopping at the first address that is not one.
                ForwardLimit = null,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownIPNetworks.Add(proxy);
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler();

        // Tunnel traffic ({name}.{host}, /t/{name}/...) is the users' own: none of the API's middleware applies to it.
        app.UseTunnelRelay();

        // Problem pages and rate limiting are the REST API's: MCP endpoints answer every refusal with a JSON-RPC error
        // and are the hot path. (Authentication stays in the main pipeline, where it costs MCP requests nothing: no
        // scheme is authenticated by default, only where the API's policies ask for it.)
        app.UseWhen(context => !McpPaths.IsMcp(context.Request.Path), api =>
        {
            // The dashboard's pages answer their own 404s in HTML.
            api.UseWhen(context => !DashboardEndpoints.IsDashboardPath(context.Request.Path), problems => problems.UseStatusCodePages());
            api.UseRateLimiter();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // API bodies are small JSON documents; refuse anything over 1 MiB before reading it.
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("API").WithMetadata(new RequestSizeLimitAttribute(1024 * 1024));
        api.MapAccountEndpoints();
        api.MapCatalogEndpoints();
        api.MapServerEndpoints();
        api.MapTunnelEndpoints();
        api.MapAdminEndpoints();
        api.MapDeviceLoginEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json");

        app.MapGroup("/s/{slug}").AddEndpointFilter<McpGatewayFilter>().MapMcpTransports();
        if (options.UseHostForm)
        {
            app.MapGroup(string.Empty).RequireHost($"*.{options.PublicUri.Host}").AddEndpointFilter<McpGatewayFilter>().MapMcpTransports();
        }

        app.MapDashboard();

        // Browsers get the dashboard; programs get a pointer to the API.
        app.MapGet("/", (HttpRequest request) => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            ? Results.LocalRedirect("/servers")
            : TypedResults.Ok(new
        {
            name = "MCP Bridge",
            version = typeof(BridgeServerHost).Assembly.GetName().Version?.ToString(3),
            api = "/api/v1",
            openapi = "/openapi/v1.json",
            signup = "POST /api/v1/signup",
            dashboard = "/servers",
        })).ExcludeFromDescription();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        return app;
    }
}
