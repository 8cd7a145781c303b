using System.Net;
using McpBridge.Server.Accounts.SignIn;
using McpBridge.Server.Dashboard;
using McpBridge.Server.Data;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>
/// Who may sign in, and how: pages need a session, forms need their antiforgery token, and the local single-user
/// sign-in exists only on a bridge without GitHub that nobody but this computer can reach.
/// </summary>
public abstract class SignInRulesTests(BridgeFixture fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    [Theory]
    [InlineData("/servers")]
    [InlineData("/servers/some-server")]
    [InlineData("/servers/some-server/logs")]
    [InlineData("/servers/some-server/logs/rows")]
    [InlineData("/tunnels")]
    [InlineData("/plan")]
    [InlineData("/account")]
    [InlineData("/admin")]
    [InlineData("/device?code=BCDF-GHJK")]
    public async Task DashboardPages_RedirectToSignIn_WhenSignedOut(string path)
    {
        using var browser = new DashboardBrowser(Bridge);
        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = new Uri(Bridge.BaseUri, response.Headers.Location!);
        Assert.Equal("/signin", location.AbsolutePath);
        Assert.Equal($"?ReturnUrl={Uri.EscapeDataString(path)}", location.Query);
    }

    [Fact]
    public async Task LocalSignIn_SignsInTheLocalUser_OnALoopbackOnlyBridgeWithoutGitHub()
    {
        using var browser = new DashboardBrowser(Bridge);
        var signIn = await browser.OpenAsync("/signin?ReturnUrl=%2Ftunnels");
        Assert.Contains("Continue as the local user", signIn.Text);
        Assert.DoesNotContain("Sign in with GitHub", signIn.Text);

        using var response = await browser.SubmitAsync("/signin?ReturnUrl=%2Ftunnels", null, [new("returnUrl", "/tunnels")], postUrl: "/signin/local");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tunnels", response.Headers.Location!.OriginalString);
        Assert.NotNull(browser.Cookie(DashboardSchemes.CookieName));
        var page = await browser.OpenAsync("/account");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Local user", page.Text);
        Assert.Contains("acc_local", page.Text);
    }

    [Fact]
    public async Task LocalSignIn_IsRefused_WhenTheRequestCarriesXForwardedFor()
    {
        using var browser = new DashboardBrowser(Bridge);
        browser.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var signIn = await browser.OpenAsync("/signin");
        Assert.DoesNotContain("Continue as the local user", signIn.Text);

        using var response = await browser.PostAsync("/signin/local", null, [new("__RequestVerificationToken", AnonymousAntiforgery.Issue(Bridge, browser))]);

        await AssertRefusedAsync(browser, response);
    }

    [Fact]
    public async Task LocalSignIn_IsRefused_WithoutTheAntiforgeryToken()
    {
        using var browser = new DashboardBrowser(Bridge);
        await browser.OpenAsync("/signin"); // the antiforgery cookie is set, but the form's token is not sent

        using var response = await browser.PostAsync("/signin/local", null, [new("returnUrl", "/servers")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
    }

    [Fact]
    public async Task SignOut_IsRefused_WithoutTheAntiforgeryToken_AndWorksWithIt()
    {
        using var browser = await SignedInLocallyAsync();

        using var forged = await browser.PostAsync("/signout", null, []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.OpenAsync("/servers")).Status);

        using var signedOut = await browser.SubmitAsync("/servers", null, [], postUrl: "/signout");
        Assert.Equal("/signin?signedOut=1", signedOut.Headers.Location!.OriginalString);
        using var after = await browser.GetAsync("/servers");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
    }

    [Fact]
    public async Task DashboardForms_AreRefused_WithoutTheAntiforgeryToken()
    {
        using var browser = await SignedInLocallyAsync();
        var before = await browser.OpenAsync("/servers");

        using var response = await browser.PostAsync("/servers", "create", [new("name", "Made by a forged form")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await browser.OpenAsync("/servers");
        Assert.DoesNotContain("Made by a forged form", after.Text);
        Assert.DoesNotContain("Made by a forged form", before.Text);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/servers")]
    [InlineData("/\\evil.example")]
    public async Task LocalSignIn_GoesToTheServersPage_WhenTheReturnUrlLeavesTheSite(string returnUrl)
    {
        using var browser = new DashboardBrowser(Bridge);
        using var response = await browser.SubmitAsync("/signin", null, [new("returnUrl", returnUrl)], postUrl: "/signin/local");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/servers", response.Headers.Location!.OriginalString);
    }

    private async Task<DashboardBrowser> SignedInLocallyAsync()
    {
        var browser = new DashboardBrowser(Bridge);
        using var response = await browser.SubmitAsync("/signin", null, [], postUrl: "/signin/local");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(browser.Cookie(DashboardSchemes.CookieName));
        return browser;
    }

    /// <summary>The local sign-in refuses with a redirect to the sign-in page that says why, and signs nobody in.</summary>
    internal static async Task AssertRefusedAsync(DashboardBrowser browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await browser.FollowAsync(response);
        Assert.Equal("/signin", page.Url.AbsolutePath);
        Assert.Contains("The local sign-in is only offered when no GitHub app is configured and the server listens on loopback alone", page.Text);
        Assert.Null(browser.Cookie(DashboardSchemes.CookieName));
    }
}

public sealed class SignInRulesTests_Sqlite(SqliteBridge fixture) : SignInRulesTests(fixture), IClassFixture<SqliteBridge>;

public sealed class SignInRulesTests_Postgres(PostgresBridge fixture) : SignInRulesTests(fixture), IClassFixture<PostgresBridge>;

/// <summary>Bridges on which the local sign-in must not exist, each refusing it for one reason.</summary>
public sealed class LocalSignInRefusalTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LocalSignIn_IsRefused_WhenThePublicUrlIsNotLoopback(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider, o => o.Settings["PublicUrl"] = "https://mcp-bridge.example.com");
        await AssertNoLocalSignInAsync(bridge);
    }

    [Fact]
    public async Task LocalSignIn_IsRefused_WhenTheBridgeListensBeyondLoopback()
    {
        var port = LocalTarget.FreePort();
        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite, o => o.Settings["urls"] = $"http://0.0.0.0:{port}");
        await AssertNoLocalSignInAsync(bridge, new Uri($"http://127.0.0.1:{port}"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LocalSignIn_IsRefused_WhenGitHubIsConfigured(DatabaseProvider provider)
    {
        await using var github = await LocalFakeGitHubOAuth.StartAsync();
        await using var bridge = await TestBridge.StartAsync(provider, o =>
        {
            foreach (var (key, value) in github.Settings)
            {
                o.Settings[key] = value;
            }
        });

        using var browser = new DashboardBrowser(bridge);
        var signIn = await browser.OpenAsync("/signin");
        Assert.Contains("Sign in with GitHub", signIn.Text);
        await AssertNoLocalSignInAsync(bridge);
    }

    private static async Task AssertNoLocalSignInAsync(TestBridge bridge, Uri? baseUri = null)
    {
        using var browser = baseUri is null ? new DashboardBrowser(bridge) : new DashboardBrowser(baseUri);
        var signIn = await browser.OpenAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.DoesNotContain("Continue as the local user", signIn.Text);

        using var response = await browser.PostAsync("/signin/local", null, [new("__RequestVerificationToken", AnonymousAntiforgery.Issue(bridge, browser))]);
        await SignInRulesTests.AssertRefusedAsync(browser, response);
        await using var db = await bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Id == ExternalAccounts.LocalAccountId));
    }
}

public sealed class SafeReturnUrlTests
{
    [Theory]
    [InlineData("/servers/notes?tab=logs", "/servers/notes?tab=logs")]
    [InlineData("/", "/")]
    [InlineData(null, "/servers")]
    [InlineData("", "/servers")]
    [InlineData("//evil.example", "/servers")]
    [InlineData("//evil.example/servers", "/servers")]
    [InlineData("/\\evil.example", "/servers")]
    [InlineData("https://evil.example/", "/servers")]
    [InlineData("javascript:alert(1)", "/servers")]
    [InlineData("servers", "/servers")]
    [InlineData("/\t/evil.example", "/servers")] // browsers drop tabs and newlines: this is //evil.example to them
    [InlineData("/\n/evil.example", "/servers")]
    [InlineData("/\r\n/evil.example", "/servers")]
    public void SafeReturnUrl_KeepsLocalPaths_AndRefusesEverythingElse(string? returnUrl, string expected) =>
        Assert.Equal(expected, DashboardEndpoints.SafeReturnUrl(returnUrl));
}
