using System.Security.Claims;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Catalog;
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

        admin.MapGet("/catalog", async (CatalogPackageService packages, CancellationToken ct) => TypedResults.Ok(await packages.ListAsync(ct)))
            .WithSummary("The catalog's stdio packages: built-in, configured and admin-added, with their commands and dry runs (administrators only)")
            .Produces<CatalogPackageInfo[]>();

        admin.MapPost("/catalog", async (AddCatalogPackageRequest? request, ClaimsPrincipal user, CatalogPackageService packages, CancellationToken ct) =>
            (await packages.AddAsync(Caller.From(user), request, ct)).ToHttp(info => TypedResults.Created($"/api/v1/admin/catalog/{info.Id}", info)))
            .WithSummary("Approve a stdio package (command, args, env form): it is in the catalog at once, and dry-run to learn its tools (administrators only)")
            .Produces<CatalogPackageInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/catalog/{id}/dry-run", async (string id, CatalogPackageService packages, CancellationToken ct) =>
            (await packages.DryRunAsync(id, ct)).ToHttp())
            .WithSummary("Start a package once to learn its tools again (administrators only)").Produces<CatalogPackageInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapDelete("/catalog/{id}", async (string id, bool? force, ClaimsPrincipal user, CatalogPackageService packages, CancellationToken ct) =>
            (await packages.RemoveAsync(Caller.From(user), id, force ?? false, ct)).ToHttp())
            .WithSummary("Take an admin-added package out of the catalog; ?force=true even while servers use it (administrators only)")
            .Produces<CatalogPackageInfo>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
