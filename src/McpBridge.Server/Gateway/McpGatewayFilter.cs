using McpBridge.Mcp.Http;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Deployment;
using McpBridge.Server.Hosting;
using McpBridge.Server.Keys;
using McpBridge.Server.Servers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Gateway;

/// <summary>
/// Runs before every MCP endpoint of a hosted server: refuses foreign Host/Origin (DNS rebinding), finds the live
/// server from the slug (path form <c>/s/{slug}/...</c> or host form <c>{slug}.{public host}</c>), and authenticates
/// a server key from <c>Authorization: Bearer</c>, <c>X-API-Key</c> or <c>?key=</c>. Every refusal is a JSON-RPC
/// error with the right HTTP status. A missing or malformed key is refused before the slug is looked up.
/// </summary>
internal sealed class McpGatewayFilter(
    HostOriginPolicy hostPolicy,
    LiveServerRegistry registry,
    KeyService keys,
    IOptions<BridgeOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!await hostPolicy.CheckAsync(context))
        {
            return Results.Empty;
        }

        // Cheap checks first: a made-up slug or key costs no lookup.
        var slug = SlugOf(context);
        if (slug is null || !SlugRules.IsWellFormed(slug))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, McpHttpErrors.ServerError, "Not Found: no MCP server here.");
            return Results.Empty;
        }

        var presented = PresentedKey(context.Request);
        if (presented is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mcp-bridge\"";
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, McpHttpErrors.ServerError,
                "Unauthorized: this server needs a server key. Send 'Authorization: Bearer mcpb_sk_...', 'X-API-Key: mcpb_sk_...' or add '?key=mcpb_sk_...' to the URL.");
            return Results.Empty;
        }

        if (!KeyFormat.IsWellFormed(presented))
        {
            return await RefuseKeyAsync(context, KeyCheck.Unknown);
        }

        var resolution = await registry.ResolveAsync(slug, context.RequestAborted);
        if (resolution.Server is not { } live)
        {
            if (resolution.Status == ResolutionStatus.Stopped)
            {
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, McpHttpErrors.ServerError,
                    $"Server '{slug}' is stopped by its owner. Start it again in the dashboard (or POST /api/v1/servers/{slug}/start).");
                return Results.Empty;
            }

            await McpHttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, McpHttpErrors.ServerError, resolution.Status == ResolutionStatus.NotDeployed
                ? $"Server '{slug}' has not been deployed yet. Deploy it (mcp-bridge deploy {slug}) and try again."
                : $"Not Found: there is no server '{slug}'.");
            return Results.Empty;
        }

        var (check, principal) = await keys.CheckAsync(presented, context.RequestAborted);
        if (check != KeyCheck.Valid || principal is null)
        {
            return await RefuseKeyAsync(context, check);
        }

        if (principal.Scope != KeyScope.Server || principal.ServerId != live.ServerId)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpHttpErrors.ServerError, principal.Scope == KeyScope.Account
                ? "Forbidden: account keys manage servers through the REST API; an MCP endpoint needs one of its own server keys (mcp-bridge keys create)."
                : "Forbidden: this key belongs to another server.");
            return Results.Empty;
        }

        var fromQuery = context.Request.Query.ContainsKey("key") && Accounts.ApiKeyAuthenticationHandler.PresentedKey(context.Request) is null;
        context.Features.Set(new McpTargetFeature(live.Composite, principal.KeyId)
        {
            // A client that could only put the key in the URL must find it in the message endpoint too.
            MessageEndpointQuery = fromQuery ? $"key={Uri.EscapeDataString(presented)}" : null,
        });
        context.Features.Set(new GatewayFeature(live));
        return await next(invocation);
    }

    private static async ValueTask<object?> RefuseKeyAsync(HttpContext context, KeyCheck check)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mcp-bridge\", error=\"invalid_token\"";
        await McpHttpErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, McpHttpErrors.ServerError, check == KeyCheck.Revoked
            ? "Unauthorized: this key was revoked. Create or rotate a key (mcp-bridge keys create) and update your client."
            : "Unauthorized: this key is not valid.");
        return Results.Empty;
    }

    private string? SlugOf(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("slug", out var value) && value is string fromRoute)
        {
            return fromRoute.ToLowerInvariant();
        }

        var host = context.Request.Host.Host;
        var suffix = "." + options.Value.PublicUri.Host;
        return host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && host.Length > suffix.Length && !host[..^suffix.Length].Contains('.')
            ? host[..^suffix.Length].ToLowerInvariant()
            : null;
    }

    private static string? PresentedKey(HttpRequest request) =>
        Accounts.ApiKeyAuthenticationHandler.PresentedKey(request)
        ?? (request.Query.TryGetValue("key", out var key) && key.ToString().Length > 0 ? key.ToString() : null);
}
