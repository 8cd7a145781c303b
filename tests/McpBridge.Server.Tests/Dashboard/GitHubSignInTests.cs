using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.Server.Dashboard;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.ServerTesting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>
/// "Sign in with GitHub" through ASP.NET Core's OAuth handler against a local server that answers like GitHub (this
/// machine cannot reach github.com), and linking GitHub to an account made by <c>signup</c>.
/// </summary>
public abstract class GitHubSignInTests(GitHubBridgeFixture fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    private LocalFakeGitHubOAuth GitHub => fixture.GitHub;

    [Fact]
    public async Task FirstSignIn_CreatesAFreeAccountTiedToTheGitHubId_AndTheNextFindsIt_EvenAfterARename_AgainstLocalFakeGitHub()
    {
        var user = LocalFakeGitHubOAuth.NewUser("Mona Lisa");
        using (var browser = new DashboardBrowser(Bridge))
        {
            var page = await browser.SignInWithGitHubAsync(GitHub, user, returnUrl: "/tunnels");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/tunnels", page.Url.AbsolutePath);
            Assert.Contains("Signed in as Mona Lisa", page.Text);
        }

        var account = await AccountOfAsync(user.Id);
        Assert.Equal("free", account.PlanId);
        Assert.Equal(user.Login, account.GitHubLogin);
        Assert.Equal("Mona Lisa", account.Name);
        Assert.False(account.IsAdmin);

        using (var again = new DashboardBrowser(Bridge))
        {
            var renamed = user with { Login = user.Login + "-renamed" };
            var page = await again.SignInWithGitHubAsync(GitHub, renamed, returnUrl: "/account");
            Assert.Contains(account.Id, page.Text);
            Assert.Contains($"@{renamed.Login}", page.Text);
        }

        var after = await AccountOfAsync(user.Id);
        Assert.Equal(account.Id, after.Id);
        Assert.Equal(user.Login + "-renamed", after.GitHubLogin);
    }

    [Fact]
    public async Task Callback_WithAForgedState_GoesBackToSignIn_WithAnError_AgainstLocalFakeGitHub()
    {
        using var browser = new DashboardBrowser(Bridge);

        var page = await browser.OpenAsync("/signin/github/callback?code=0123456789abcdef&state=forged");

        Assert.Equal("/signin", page.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("error=", page.Url.Query);
        Assert.Contains("The oauth state was missing or invalid.", page.Text);
        Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
    }

    [Fact]
    public async Task SignIn_GoesBackToSignIn_WithAnError_WhenTheUserCancelsOnGitHub_AgainstLocalFakeGitHub()
    {
        using var browser = new DashboardBrowser(Bridge);
        GitHub.DenyAuthorization = true;
        try
        {
            var page = await browser.SignInWithGitHubAsync(GitHub, LocalFakeGitHubOAuth.NewUser());
            Assert.Equal("/signin", page.Url.AbsolutePath);
            Assert.Contains("Access was denied", page.Text);
            Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
        }
        finally
        {
            GitHub.DenyAuthorization = false;
        }
    }

    [Fact]
    public async Task SignIn_GoesBackToSignIn_WithAnError_WhenGitHubWillNotSayWhoTheUserIs_AgainstLocalFakeGitHub()
    {
        using var browser = new DashboardBrowser(Bridge);
        var user = LocalFakeGitHubOAuth.NewUser();
        GitHub.FailUserLookup = true;
        try
        {
            var page = await browser.SignInWithGitHubAsync(GitHub, user);
            Assert.Equal("/signin", page.Url.AbsolutePath);
            Assert.True(page.Text.Contains("GitHub did not say who you are (HTTP 401); try again.", StringComparison.Ordinal), page.Url + page.Text);
            Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
        }
        finally
        {
            GitHub.FailUserLookup = false;
        }

        await using var db = await DbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.GitHubUserId == user.Id));
    }

    [Fact]
    public async Task GitHubAccessToken_NeverAppearsInLogsOrCookies_AgainstLocalFakeGitHub()
    {
        using var browser = new DashboardBrowser(Bridge);
        var tokensBefore = GitHub.IssuedTokens.ToHashSet();
        var page = await browser.SignInWithGitHubAsync(GitHub, LocalFakeGitHubOAuth.NewUser());
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var token = Assert.Single(GitHub.IssuedTokens, t => !tokensBefore.Contains(t));

        var cookies = browser.Cookies.GetAllCookies();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.DoesNotContain(token, c.Value));

        // The session cookie is encrypted: open it as the server does and look inside too.
        var options = Bridge.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(DashboardSchemes.Cookie);
        var ticket = options.TicketDataFormat.Unprotect(browser.Cookie(DashboardSchemes.CookieName));
        Assert.NotNull(ticket);
        var inside = string.Join('\n', ticket.Principal.Claims.Select(c => $"{c.Type}={c.Value}").Concat(ticket.Properties.Items.Select(i => $"{i.Key}={i.Value}")));
        Assert.DoesNotContain(token, inside);
        Assert.DoesNotContain(".Token.", inside);

        Assert.DoesNotContain(token, string.Join('\n', Bridge.LogLines.ToArray()));
        Assert.DoesNotContain(token, await DatabaseText.ReadAllAsync(Bridge));
    }

    [Fact]
    public async Task SignIn_NeverReturnsToAnotherSite_AgainstLocalFakeGitHub()
    {
        foreach (var returnUrl in new[] { "//evil.example", "https://evil.example/", "/\t/evil.example", "/\\evil.example" })
        {
            using var browser = new DashboardBrowser(Bridge);
            var page = await browser.SignInWithGitHubAsync(GitHub, LocalFakeGitHubOAuth.NewUser(), returnUrl);
            Assert.True(page.Url.Authority == Bridge.BaseUri.Authority && page.Url.AbsolutePath == "/servers", $"{returnUrl} ended at {page.Url}");
        }
    }

    [Fact]
    public async Task LinkToken_AttachesTheGitHubUserToTheSignupAccount_WhichThenSignsInWithGitHub_AgainstLocalFakeGitHub()
    {
        var account = await Bridge.SignupAsync("Made by signup");
        var user = LocalFakeGitHubOAuth.NewUser();
        using (var linking = new DashboardBrowser(Bridge))
        {
            GitHub.SignedInUser = user;
            var page = await linking.OpenAsync(await account.GitHubLinkAsync());
            Assert.Equal("/account", page.Url.AbsolutePath);
            Assert.Contains(account.AccountId, page.Text);
            Assert.Contains($"@{user.Login}", page.Text);
        }

        Assert.Equal(account.AccountId, (await AccountOfAsync(user.Id)).Id);
        using var later = new DashboardBrowser(Bridge);
        var signedIn = await later.SignInWithGitHubAsync(GitHub, user, "/account");
        Assert.Contains(account.AccountId, signedIn.Text);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.GitHubUserId == user.Id));
    }

    [Fact]
    public async Task LinkToken_IsRefused_WhenTheGitHubUserAlreadySignsInToAnotherAccount_AgainstLocalFakeGitHub()
    {
        var user = LocalFakeGitHubOAuth.NewUser();
        using (var first = new DashboardBrowser(Bridge))
        {
            await first.SignInWithGitHubAsync(GitHub, user);
        }

        var holder = await AccountOfAsync(user.Id);
        var account = await Bridge.SignupAsync();
        using var browser = new DashboardBrowser(Bridge);
        GitHub.SignedInUser = user;
        var page = await browser.OpenAsync(await account.GitHubLinkAsync());

        Assert.Equal("/signin", page.Url.AbsolutePath);
        Assert.Contains($"The GitHub user '{user.Login}' already signs in to another account", page.Text);
        Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
        Assert.Equal(holder.Id, (await AccountOfAsync(user.Id)).Id);
        await using var db = await DbAsync();
        Assert.Null((await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.AccountId)).GitHubUserId);
    }

    [Fact]
    public async Task LinkToken_IsRefused_WhenExpired_AgainstLocalFakeGitHub()
    {
        var account = await Bridge.SignupAsync();
        using (var response = await account.Client.PostAsync("/api/v1/account/github-link", null))
        {
            var link = await ApiCalls.ExpectAsync<GitHubLinkResponse>(response, HttpStatusCode.OK);
            Assert.Equal(fixture.Clock.GetUtcNow() + TimeSpan.FromMinutes(10), link.ExpiresAt);
        }

        var path = await account.GitHubLinkAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        await AssertLinkRefusedAsync(path);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task LinkToken_IsRefused_WhenForged_AgainstLocalFakeGitHub(string token) =>
        await AssertLinkRefusedAsync($"/signin/github?link={Uri.EscapeDataString(token)}");

    [Fact]
    public async Task LinkToken_IsRefused_WhenItIsAnotherKindOfProtectedValue_AgainstLocalFakeGitHub()
    {
        // Protected by the same installation for another purpose (here: a device login's stored key).
        var other = Bridge.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("McpBridge.DeviceLogin.v1").Protect($"{fixture.Admin.AccountId}");
        await AssertLinkRefusedAsync($"/signin/github?link={Uri.EscapeDataString(other)}");
    }

    [Fact]
    public async Task GitHubLink_NeedsAnAccountKey()
    {
        using var response = await Bridge.Http.PostAsync("/api/v1/account/github-link", null);
        await ApiCalls.ProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    private async Task AssertLinkRefusedAsync(string path)
    {
        using var browser = new DashboardBrowser(Bridge);
        var tokenRequests = GitHub.TokenRequests;
        GitHub.SignedInUser = LocalFakeGitHubOAuth.NewUser();

        var page = await browser.OpenAsync(path);

        Assert.Equal("/signin", page.Url.AbsolutePath);
        Assert.Contains("This link has expired or is not valid", page.Text);
        Assert.Equal(tokenRequests, GitHub.TokenRequests); // GitHub was never asked
        Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
        await using var db = await DbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.GitHubUserId == GitHub.SignedInUser.Id));
    }

    private async Task<Account> AccountOfAsync(long gitHubUserId)
    {
        await using var db = await DbAsync();
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.GitHubUserId == gitHubUserId);
    }

    private Task<BridgeDbContext> DbAsync() => Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync();
}

public sealed class GitHubSignInTests_Sqlite(SqliteGitHubBridge fixture) : GitHubSignInTests(fixture), IClassFixture<SqliteGitHubBridge>;

public sealed class GitHubSignInTests_Postgres(PostgresGitHubBridge fixture) : GitHubSignInTests(fixture), IClassFixture<PostgresGitHubBridge>;

/// <summary>On a bridge without a GitHub app, there is nothing to link to.</summary>
public abstract class GitHubLinkWithoutGitHubTests(BridgeFixture fixture)
{
    [Fact]
    public async Task GitHubLink_IsAConflict_WhenNoGitHubAppIsConfigured()
    {
        var account = await fixture.Bridge.SignupAsync();
        using var response = await account.Client.PostAsync("/api/v1/account/github-link", null);
        var problem = await ApiCalls.ProblemAsync(response, HttpStatusCode.Conflict, ErrorCodes.Conflict);
        Assert.Contains("no GitHub app configured", problem.GetProperty("detail").GetString());
    }
}

public sealed class GitHubLinkWithoutGitHubTests_Sqlite(SqliteBridge fixture) : GitHubLinkWithoutGitHubTests(fixture), IClassFixture<SqliteBridge>;

public sealed class GitHubLinkWithoutGitHubTests_Postgres(PostgresBridge fixture) : GitHubLinkWithoutGitHubTests(fixture), IClassFixture<PostgresBridge>;
