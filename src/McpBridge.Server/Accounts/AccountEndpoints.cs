using System.Security.Claims;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using McpBridge.Server.Hosting;
using McpBridge.Server.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Accounts;

internal static class AccountEndpoints
{
    public const string SignupRateLimit = "signup";

    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/signup", async (SignupRequest? request, AccountService accounts, IOptions<BridgeOptions> options, CancellationToken ct) =>
            !options.Value.AllowSignup
                ? ApiError.Forbidden("Sign-up is closed on this server; ask its administrator for an account.").ToHttp()
                : (await accounts.SignupAsync(request ?? new SignupRequest(), ct)).ToHttp(r => TypedResults.Created("/api/v1/account", r)))
            .AllowAnonymous().RequireRateLimiting(SignupRateLimit)
            .WithSummary("Create an account and its first API key (shown once)")
            .Produces<SignupResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/account", async (ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            (await accounts.GetAsync(Caller.From(user), ct)).ToHttp())
            .WithSummary("The calling account, its plan and usage").Produces<AccountInfo>();

        api.MapGet("/plans", async (PlanCatalog plans, CancellationToken ct) =>
            TypedResults.Ok((await plans.AllAsync(ct)).Select(PlanCatalog.ToInfo).ToArray()))
            .AllowAnonymous().WithSummary("Every plan and its limits").Produces<PlanInfo[]>();

        api.MapGet("/account/keys", async (ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok(await accounts.ListKeysAsync(Caller.From(user), ct)))
            .WithSummary("The account's API keys (never the secret part)").Produces<KeyInfo[]>();

        api.MapPost("/account/keys", async (CreateKeyRequest? request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            (await accounts.CreateKeyAsync(Caller.From(user), request ?? new CreateKeyRequest(), ct)).ToHttp(k => TypedResults.Created($"/api/v1/account/keys/{k.Id}", k)))
            .WithSummary("Create an account API key (shown once)").Produces<KeyCreated>(StatusCodes.Status201Created);

        api.MapDelete("/account/keys/{keyId}", async (string keyId, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            (await accounts.RevokeKeyAsync(Caller.From(user), keyId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Revoke an account API key").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/account/audit", async (int? limit, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok(await accounts.AuditAsync(Caller.From(user), limit ?? 100, ct)))
            .WithSummary("Who did what to the account's resources, newest first").Produces<AuditEntryInfo[]>();
    }
}
