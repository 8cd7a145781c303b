using System.Security.Claims;
using System.Text.Encodings.Web;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Accounts;

/// <summary>Authenticates REST API calls with an account key (<c>Authorization: Bearer</c> or <c>X-API-Key</c>).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyService keys,
    AccountDirectory accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Only the REST API takes account keys; MCP endpoints check server keys themselves (and are the hot path).
        var presented = Request.Path.StartsWithSegments("/api") ? PresentedKey(Request) : null;
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var (check, principal) = await keys.CheckAsync(presented, Context.RequestAborted);
        if (check == KeyCheck.Revoked)
        {
            return AuthenticateResult.Fail("This API key was revoked.");
        }

        if (check != KeyCheck.Valid || principal is null)
        {
            return AuthenticateResult.Fail("This API key is not valid.");
        }

        if (principal.Scope != KeyScope.Account)
        {
            return AuthenticateResult.Fail("This is a server key: it opens one server's MCP endpoint. The REST API needs an account key (mcpb_ak_...).");
        }

        var isAdmin = await accounts.IsAdminAsync(principal.AccountId, Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(Caller.AccountIdClaim, principal.AccountId),
            new(Caller.KeyPrefixClaim, principal.Prefix),
        };
        if (isAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Caller.AdminRole));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mcp-bridge\"";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        var error = new ApiError(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Unauthorized",
            failure ?? "An account API key is required: send 'Authorization: Bearer mcpb_ak_...'. Get one with `mcp-bridge signup` or POST /api/v1/signup.");
        await error.ToHttp().ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiError.Forbidden("This account may not do this.").ToHttp().ExecuteAsync(Context);

    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-API-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
