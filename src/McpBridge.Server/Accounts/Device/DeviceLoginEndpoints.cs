using System.Security.Claims;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using McpBridge.Server.Dashboard;
using McpBridge.Server.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Accounts.Device;

internal static class DeviceLoginEndpoints
{
    public const string RateLimit = "device_login";

    public static void MapDeviceLoginEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/device/code", async (DeviceLoginRequest? request, HttpContext context, DeviceLoginService logins, CancellationToken ct) =>
            (await logins.StartAsync(request ?? new DeviceLoginRequest(), context.Connection.RemoteIpAddress?.ToString(), ct)).ToHttp())
            .AllowAnonymous().RequireRateLimiting(RateLimit)
            .WithSummary("Start a browser sign-in for a CLI (device flow): show the user code and URL, then poll /device/token")
            .Produces<DeviceLoginStarted>().ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/device/token", async (DeviceTokenRequest request, DeviceLoginService logins, CancellationToken ct) =>
            (await logins.PollAsync(request, ct)).ToHttp())
            .AllowAnonymous()
            .WithSummary("Poll a device sign-in: 400 authorization_pending / slow_down / expired_token / access_denied, or the new account key (once)")
            .Produces<DeviceToken>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/account/github-link", (ClaimsPrincipal user, GitHubLinkTokens tokens, EndpointUrls urls, IOptions<GitHubSignInOptions> github) =>
            {
                if (!github.Value.IsConfigured)
                {
                    return ApiError.Conflict("This server has no GitHub app configured, so there is nothing to link.").ToHttp();
                }

                var (token, expiresAt) = tokens.Issue(Caller.From(user).AccountId);
                return TypedResults.Ok(new GitHubLinkResponse(urls.Dashboard($"/signin/github?link={Uri.EscapeDataString(token)}"), expiresAt));
            })
            .WithSummary("A link (valid 10 minutes) that ties a GitHub user to this account, so it can sign in to the dashboard with GitHub")
            .Produces<GitHubLinkResponse>().ProducesProblem(StatusCodes.Status409Conflict);
    }
}
