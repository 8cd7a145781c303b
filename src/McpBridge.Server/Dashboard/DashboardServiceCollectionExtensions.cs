using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using McpBridge.Server.Accounts;
using McpBridge.Server.Accounts.Device;
using McpBridge.Server.Accounts.SignIn;
using McpBridge.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Dashboard;

internal static partial class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// The web dashboard: server-rendered Razor components, a session cookie, GitHub sign-in when a GitHub app is
    /// configured (section <c>GitHub</c>), the local single-user sign-in otherwise (loopback only), and device login.
    /// </summary>
    public static void AddDashboard(this IServiceCollection services, IConfiguration configuration, AuthenticationBuilder authentication, BridgeOptions bridge)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "mcpb_antiforgery"; // every cookie of the relay starts with mcpb_ (RelayCookies)
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddOptions<GitHubSignInOptions>().BindConfiguration(GitHubSignInOptions.SectionName)
            .Validate(o => o.IsConfigured || (string.IsNullOrWhiteSpace(o.ClientId) && string.IsNullOrWhiteSpace(o.ClientSecret)),
                "GitHub:ClientId and GitHub:ClientSecret go together: set both (a GitHub OAuth app) or neither.")
            .ValidateOnStart();
        services.AddSingleton<LocalSignIn>();
        services.AddSingleton<GitHubLinkTokens>();
        services.AddSingleton<ExternalAccounts>();
        services.AddSingleton<DeviceLoginService>();

        var secure = bridge.PublicUri.Scheme == Uri.UriSchemeHttps;
        authentication.AddCookie(DashboardSchemes.Cookie, o =>
        {
            o.Cookie.Name = DashboardSchemes.CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/forbidden";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = async context =>
            {
                // A deleted account's sessions end at once (the directory caches for seconds, not the cookie's days).
                var accountId = context.Principal?.FindFirstValue(Caller.AccountIdClaim);
                var directory = context.HttpContext.RequestServices.GetRequiredService<AccountDirectory>();
                if (accountId is null || await directory.GetAsync(accountId, context.HttpContext.RequestAborted) is null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(DashboardSchemes.Cookie);
                }
            };
        });

        var github = configuration.GetSection(GitHubSignInOptions.SectionName).Get<GitHubSignInOptions>() ?? new GitHubSignInOptions();
        if (github.IsConfigured)
        {
            authentication.AddOAuth(DashboardSchemes.GitHub, "GitHub", o =>
            {
                o.SignInScheme = DashboardSchemes.Cookie;
                o.ClientId = github.ClientId!;
                o.ClientSecret = github.ClientSecret!;
                o.AuthorizationEndpoint = github.AuthorizationEndpoint;
                o.TokenEndpoint = github.TokenEndpoint;
                o.UserInformationEndpoint = github.UserInformationEndpoint;
                o.CallbackPath = "/signin/github/callback";
                o.CorrelationCookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                // GitHub sends the browser back with a top-level GET, which Lax cookies survive; browsers drop a
                // SameSite=None cookie that is not Secure, as on plain http during local use.
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                // Named like the relay's other cookies, which tunnels never see nor set (RelayCookies).
                o.CorrelationCookie.Name = "mcpb_correlation.";
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add("read:user");
                o.Events.OnCreatingTicket = CreateSessionAsync;
                o.Events.OnTicketReceived = RefuseUnlessAnAccountSignedIn;
                o.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect(DashboardEndpoints.SignInError(context.Failure?.Message ?? "GitHub sign-in failed."));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardSchemes.SignedInPolicy, p => p.AddAuthenticationSchemes(DashboardSchemes.Cookie).RequireAuthenticatedUser())
            .AddPolicy(DashboardSchemes.AdminPolicy, p => p.AddAuthenticationSchemes(DashboardSchemes.Cookie).RequireAuthenticatedUser()
                .RequireAssertion(async context =>
                {
                    var http = context.Resource as HttpContext;
                    var accountId = context.User.FindFirstValue(Caller.AccountIdClaim);
                    return http is not null && accountId is not null
                        && await http.RequestServices.GetRequiredService<AccountDirectory>().IsAdminAsync(accountId, http.RequestAborted);
                }));
    }

    /// <summary>
    /// After GitHub hands over a token: reads the GitHub user, finds or creates its account (or links it to the account a
    /// link token named), and makes the session principal. The GitHub token itself is neither kept nor logged.
    /// </summary>
    private static async Task CreateSessionAsync(OAuthCreatingTicketContext context)
    {
        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("McpBridge.Server.Dashboard.SignIn");
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.UserAgent.ParseAdd("mcp-bridge");
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            Log.UserLookupFailed(logger, (int)response.StatusCode);
            Refuse(context, $"GitHub did not say who you are (HTTP {(int)response.StatusCode}); try again.");
            return;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted));
        if (GitHubIdentity.From(document.RootElement) is not { } identity)
        {
            Refuse(context, "GitHub's answer did not name a user; try again.");
            return;
        }

        var accounts = services.GetRequiredService<ExternalAccounts>();
        SignedInAccount signedIn;
        if (context.Properties.Items.TryGetValue(DashboardSchemes.LinkAccountItem, out var linkAccount) && linkAccount is not null)
        {
            var linked = await accounts.LinkGitHubAsync(linkAccount, identity, context.HttpContext.RequestAborted);
            if (!linked.IsSuccess)
            {
                Refuse(context, linked.Error.Detail ?? linked.Error.Title);
                return;
            }

            signedIn = linked.Value;
            Log.Linked(logger, linkAccount, identity.Login);
        }
        else
        {
            signedIn = await accounts.SignInWithGitHubAsync(identity, context.HttpContext.RequestAborted);
            Log.SignedIn(logger, signedIn.AccountId, identity.Login, signedIn.Created);
        }

        context.Principal = DashboardPrincipal.Create(signedIn);
    }

    /// <summary>
    /// Notes why the sign-in cannot go on. (The OAuth handler ignores <c>context.Fail</c> in this event and signs in
    /// whatever principal is there; <see cref="RefuseUnlessAnAccountSignedIn"/> reads the note and stops it.)
    /// </summary>
    private static void Refuse(OAuthCreatingTicketContext context, string reason) =>
        context.Properties.Items[DashboardSchemes.SignInRefusalItem] = reason;

    /// <summary>
    /// The last step before the session cookie is written: only a principal naming an account may sign in; otherwise the
    /// browser goes back to the sign-in page with the reason <see cref="Refuse"/> noted.
    /// </summary>
    private static Task RefuseUnlessAnAccountSignedIn(TicketReceivedContext context)
    {
        if (context.Principal?.FindFirst(Caller.AccountIdClaim) is null)
        {
            var reason = context.Properties?.Items.TryGetValue(DashboardSchemes.SignInRefusalItem, out var noted) == true ? noted : null;
            context.Response.Redirect(DashboardEndpoints.SignInError(reason ?? "GitHub sign-in failed; try again."));
            context.HandleResponse();
        }

        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard sign-in: account {AccountId} as GitHub user {Login} (new account: {Created})")]
        public static partial void SignedIn(ILogger logger, string accountId, string login, bool created);

        [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} linked to GitHub user {Login}")]
        public static partial void Linked(ILogger logger, string accountId, string login);

        [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub's user endpoint answered HTTP {Status} during sign-in")]
        public static partial void UserLookupFailed(ILogger logger, int status);
    }
}
