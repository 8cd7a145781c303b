using McpBridge.Server.Accounts;
using McpBridge.Server.Accounts.SignIn;
using McpBridge.Server.Dashboard.Components;
using McpBridge.Server.Dashboard.Components.Shared;
using McpBridge.Server.Deployment;
using McpBridge.Server.Usage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Dashboard;

internal static class DashboardEndpoints
{
    /// <summary>The dashboard's pages (Razor components), sign-in and sign-out, and its assets.</summary>
    public static void MapDashboard(this WebApplication app)
    {
        var assets = app.Services.GetRequiredService<DashboardAssets>();
        app.MapGet("/assets/{name}", (string name, HttpContext context) => assets.Serve(name, context)).ExcludeFromDescription();

        app.MapGet("/signin/github", (string? returnUrl, string? link, HttpContext context, IOptions<GitHubSignInOptions> github, GitHubLinkTokens tokens) =>
        {
            if (!github.Value.IsConfigured)
            {
                return Results.Redirect(SignInError("GitHub sign-in is not configured on this server."));
            }

            var properties = new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) };
            if (link is not null)
            {
                if (tokens.Read(link) is not { } accountId)
                {
                    return Results.Redirect(SignInError("This link has expired or is not valid; ask the CLI for a new one (mcp-bridge link-github)."));
                }

                properties.Items[DashboardSchemes.LinkAccountItem] = accountId;
                properties.RedirectUri = "/account";
            }

            return Results.Challenge(properties, [DashboardSchemes.GitHub]);
        }).ExcludeFromDescription();

        app.MapPost("/signin/local", async (HttpContext context, LocalSignIn local, ExternalAccounts accounts, CancellationToken ct) =>
        {
            if (!HasValidAntiforgeryToken(context))
            {
                return FormRefused();
            }

            if (!local.IsAvailable(context))
            {
                return Results.Redirect(SignInError("The local sign-in is only offered when no GitHub app is configured and the server listens on loopback alone."));
            }

            var account = await accounts.SignInLocalAsync(ct);
            await context.SignInAsync(DashboardSchemes.Cookie, DashboardPrincipal.Create(account));
            return Results.LocalRedirect(SafeReturnUrl(context.Request.Form["returnUrl"]));
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        app.MapPost("/signout", async (HttpContext context) =>
        {
            if (!HasValidAntiforgeryToken(context))
            {
                return FormRefused();
            }

            await context.SignOutAsync(DashboardSchemes.Cookie);
            return Results.LocalRedirect("/signin?signedOut=1");
        })
            // The form's token was issued to the signed-in user: the session must be read before the token is checked
            // (no scheme is read by default), or every sign-out's token looks like someone else's.
            .RequireAuthorization(DashboardSchemes.SignedInPolicy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        // The log table's rows alone, for the page's live refresh.
        app.MapGet("/servers/{slug}/logs/rows", async (string slug, string? level, string? tool, HttpContext context, UsageService usage) =>
        {
            var logs = await usage.GetLogsAsync(Caller.From(context.User), slug, 100,
                string.IsNullOrEmpty(level) ? null : level, string.IsNullOrEmpty(tool) ? null : tool, null, context.RequestAborted);
            return logs.IsSuccess
                ? new RazorComponentResult<LogRows>(new Dictionary<string, object?> { [nameof(LogRows.Entries)] = logs.Value })
                : Results.NotFound();
        }).RequireAuthorization(DashboardSchemes.SignedInPolicy).ExcludeFromDescription();

        // A deploy whose steps stream to the page as they happen (the page's script posts the deploy form here).
        app.MapPost("/servers/{slug}/deploy/stream", async (string slug, HttpContext context, DeployService deploys) =>
            {
                if (!HasValidAntiforgeryToken(context))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsJsonAsync(new { state = "error", text = "The form has expired; reload the page and try again." });
                    return;
                }

                await DeployStream.WriteAsync(slug, context, deploys);
            })
            .RequireAuthorization(DashboardSchemes.SignedInPolicy).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        app.MapRazorComponents<App>().ExcludeFromDescription();
    }

    private static readonly string[] s_pagePrefixes = ["/servers", "/tunnels", "/plan", "/account", "/admin", "/device", "/signin", "/forbidden"];

    /// <summary>Whether a path belongs to the dashboard's pages (which render their own errors in HTML).</summary>
    public static bool IsDashboardPath(PathString path) => s_pagePrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A local path to go back to after signing in; anything else (another site, <c>//host</c>) becomes <c>/servers</c>.
    /// Control characters are refused anywhere: browsers drop tabs and newlines from URLs, so <c>/\t/host</c> is <c>//host</c>
    /// to them (the GitHub round trip redirects to this URL as it is, without LocalRedirect's check).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : "/servers";

    /// <summary>The sign-in page showing why a sign-in did not happen.</summary>
    public static string SignInError(string reason) => $"/signin?error={Uri.EscapeDataString(reason)}";

    /// <summary>
    /// Whether the posted form carried a valid antiforgery token. Razor component forms and form-bound parameters are
    /// checked by the framework; handlers that read the form themselves or read nothing (sign-out) must ask, or a
    /// missing token is a 500 (reading the form) or not noticed at all (sign-out from another site's page).
    /// </summary>
    private static bool HasValidAntiforgeryToken(HttpContext context) =>
        context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true };

    private static IResult FormRefused() => Results.Text(
        "This form has expired or did not come from this site. Go back, reload the page and try again.",
        "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
