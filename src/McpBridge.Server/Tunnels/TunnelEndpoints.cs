using System.Security.Claims;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpBridge.Server.Tunnels;

internal static class TunnelEndpoints
{
    public static void MapTunnelEndpoints(this RouteGroupBuilder api)
    {
        var tunnels = api.MapGroup("/tunnels");

        tunnels.MapGet("/", async (ClaimsPrincipal user, TunnelService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(Caller.From(user), ct)))
            .WithSummary("The account's tunnels (status, URLs, traffic) and the plan's tunnel limits").Produces<TunnelList>();

        tunnels.MapPost("/", async (ReserveTunnelRequest request, ClaimsPrincipal user, TunnelService service, CancellationToken ct) =>
            (await service.ReserveAsync(Caller.From(user), request, ct)).ToHttp(r => r.Created
                ? TypedResults.Created($"/api/v1/tunnels/{r.Tunnel.Name}", r.Tunnel)
                : TypedResults.Ok(r.Tunnel)))
            .WithSummary("Reserve a persistent tunnel name (201; 200 when the account holds it already)")
            .Produces<TunnelInfo>(StatusCodes.Status201Created).Produces<TunnelInfo>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        tunnels.MapDelete("/{name}", async (string name, ClaimsPrincipal user, TunnelService service, CancellationToken ct) =>
            (await service.ReleaseAsync(Caller.From(user), name, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Release a tunnel name; a connected agent is disconnected and told why")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
