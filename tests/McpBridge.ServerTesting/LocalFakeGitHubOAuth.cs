using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.ServerTesting;

/// <summary>
/// A local HTTP server that answers like GitHub's OAuth web flow and user API, which this machine cannot reach:
/// <c>GET /login/oauth/authorize</c> (the user has authorized the app before, so GitHub redirects straight back with a
/// code and the state; or, with <see cref="DenyAuthorization"/>, with <c>error=access_denied</c> as GitHub does when the
/// user presses Cancel), <c>POST /login/oauth/access_token</c> (checks the client secret, the code, the redirect URI and
/// the PKCE verifier; answers JSON when asked to, errors with 200 and an error document, as GitHub does) and
/// <c>GET /user</c> (the token's user; 401 <c>Bad credentials</c> otherwise, or always with <see cref="FailUserLookup"/>).
/// </summary>
public sealed class LocalFakeGitHubOAuth : IAsyncDisposable
{
    public const string ClientId = "Iv1.test-client";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (GitHubUser User, string RedirectUri, string? Challenge)> _codes = new();
    private readonly ConcurrentDictionary<string, GitHubUser> _tokens = new();

    private LocalFakeGitHubOAuth(WebApplication app) => _app = app;

    /// <summary>Who "is signed in to GitHub" in the browser: the next authorization is theirs.</summary>
    public GitHubUser SignedInUser { get; set; } = new(583231, "octocat", "The Octocat");

    /// <summary>The user presses Cancel on GitHub's authorization page.</summary>
    public bool DenyAuthorization { get; set; }

    /// <summary><c>GET /user</c> answers 401 whatever the token (a token revoked between the exchange and the lookup).</summary>
    public bool FailUserLookup { get; set; }

    public string BaseUrl { get; private set; } = string.Empty;

    public int TokenRequests;

    /// <summary>Every access token handed out so far, to check that none of them leaks.</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _tokens.Keys];

    /// <summary>The configuration that points GitHub sign-in here, as keys and values.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["GitHub:ClientId"] = ClientId,
        ["GitHub:ClientSecret"] = ClientSecret,
        ["GitHub:AuthorizationEndpoint"] = $"{BaseUrl}/login/oauth/authorize",
        ["GitHub:TokenEndpoint"] = $"{BaseUrl}/login/oauth/access_token",
        ["GitHub:UserInformationEndpoint"] = $"{BaseUrl}/user",
    };

    /// <summary>The <c>serve</c> arguments that point GitHub sign-in here.</summary>
    public IEnumerable<string> ServeArguments => ["--", .. Settings.SelectMany(s => new[] { $"--{s.Key}", s.Value })];

    public static async Task<LocalFakeGitHubOAuth> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new LocalFakeGitHubOAuth(app);

        app.MapGet("/login/oauth/authorize", (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["client_id"] != ClientId)
            {
                return Results.Content("<h1>404</h1>", "text/html", statusCode: 404);
            }

            var redirect = query["redirect_uri"].ToString();
            var state = Uri.EscapeDataString(query["state"].ToString());
            if (fake.DenyAuthorization)
            {
                return Results.Redirect($"{redirect}?error=access_denied&error_description={Uri.EscapeDataString("The user has denied your application access.")}" +
                    $"&error_uri={Uri.EscapeDataString("https://docs.github.com/apps/troubleshooting-authorization-request-errors/#access-denied")}&state={state}");
            }

            var code = RandomNumberGenerator.GetHexString(20, lowercase: true);
            fake._codes[code] = (fake.SignedInUser, redirect, query["code_challenge"].ToString() is { Length: > 0 } c ? c : null);
            return Results.Redirect($"{redirect}?code={code}&state={state}");
        });

        app.MapPost("/login/oauth/access_token", async (HttpContext context) =>
        {
            Interlocked.Increment(ref fake.TokenRequests);
            var form = await context.Request.ReadFormAsync();
            var (id, secret) = ClientCredentials(context.Request, form);
            var code = form["code"].ToString();
            if (id != ClientId || secret != ClientSecret)
            {
                return Error("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
            }

            if (!fake._codes.TryRemove(code, out var grant) || grant.RedirectUri != form["redirect_uri"])
            {
                return Error("bad_verification_code", "The code passed is incorrect or expired.");
            }

            if (grant.Challenge is { } challenge
                && WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != challenge)
            {
                return Error("bad_verification_code", "The code_verifier does not match the code_challenge.");
            }

            var token = "gho_" + RandomNumberGenerator.GetHexString(36, lowercase: true);
            fake._tokens[token] = grant.User;
            return Results.Json(new { access_token = token, token_type = "bearer", scope = "read:user" });
        });

        app.MapGet("/user", (HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..] : string.Empty;
            return !fake.FailUserLookup && fake._tokens.TryGetValue(token, out var user)
                ? Results.Json(new { login = user.Login, id = user.Id, node_id = "MDQ6VXNlcjE=", type = "User", site_admin = false, name = user.Name })
                : Results.Json(new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest", status = "401" }, statusCode: 401);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/');
        return fake;
    }

    /// <summary>A GitHub user no other test uses (ids are random, logins follow them).</summary>
    public static GitHubUser NewUser(string? name = null)
    {
        var id = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        return new GitHubUser(id, $"user{id}", name);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // GitHub answers token errors with 200 and an error document.
    private static IResult Error(string error, string description) =>
        Results.Json(new { error, error_description = description, error_uri = "https://docs.github.com/apps/oauth" });

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2);
            return (WebUtility.UrlDecode(pair[0]), WebUtility.UrlDecode(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }
}

/// <summary>A GitHub user as <c>GET /user</c> describes it.</summary>
public sealed record GitHubUser(long Id, string Login, string? Name);
