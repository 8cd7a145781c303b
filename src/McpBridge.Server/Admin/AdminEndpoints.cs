using System.Security.Claims;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpBridge.Server.Admin;

internal static class AdminEndpoints
{
    public const string Policy = "admin";

    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(Policy);

        admin.MapGet("/accounts", async (AccountService accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListAllAsync(ct)))
            .WithSummary("Every account (administrators only)").Produces<AdminAccountInfo[]>();

        admin.MapPut("/accounts/{accountId}/plan", async (string accountId, SetPlanRequest request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            (await accounts.SetPlanAsync(Caller.From(user), accountId, request, ct)).ToHttp())
            .WithSummary("Move an account to another plan (administrators only)").Produces<AdminAccountInfo>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
