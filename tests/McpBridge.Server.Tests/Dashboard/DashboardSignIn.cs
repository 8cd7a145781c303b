using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>Browser sign-ins through the local fake GitHub, as a user clicks through them.</summary>
internal static class DashboardSignIn
{
    /// <summary>"Sign in with GitHub" as <paramref name="user"/>: the whole round trip, ending on the page after it.</summary>
    public static Task<DashboardBrowser.Page> SignInWithGitHubAsync(this DashboardBrowser browser, LocalFakeGitHubOAuth github, GitHubUser user, string returnUrl = "/servers")
    {
        github.SignedInUser = user;
        return browser.OpenAsync($"/signin/github?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    /// <summary>A link (from <c>POST /api/v1/account/github-link</c> with the account's key) as a path on the bridge.</summary>
    public static async Task<string> GitHubLinkAsync(this TestAccount account)
    {
        using var response = await account.Client.PostAsync("/api/v1/account/github-link", null);
        var link = await ApiCalls.ExpectAsync<GitHubLinkResponse>(response, HttpStatusCode.OK);
        return new Uri(link.Url).PathAndQuery;
    }

    /// <summary>
    /// A browser signed in to <paramref name="account"/> (made by <c>signup</c>): the account links a new GitHub user
    /// through a link token, which signs the browser in.
    /// </summary>
    public static async Task<DashboardBrowser> SignedInBrowserAsync(this GitHubBridgeFixture fixture, TestAccount account)
    {
        var browser = new DashboardBrowser(fixture.Bridge);
        fixture.GitHub.SignedInUser = LocalFakeGitHubOAuth.NewUser();
        var page = await browser.OpenAsync(await account.GitHubLinkAsync());
        Assert.True(page.Url.AbsolutePath == "/account" && page.Status == HttpStatusCode.OK, $"linking ended at {page.Url} ({(int)page.Status}): {page.Text}");
        return browser;
    }

    /// <summary>Signs up an account and returns it with a browser signed in to it.</summary>
    public static async Task<(TestAccount Account, DashboardBrowser Browser)> SignedInAccountAsync(this GitHubBridgeFixture fixture, string? name = null)
    {
        var account = await fixture.Bridge.SignupAsync(name);
        return (account, await fixture.SignedInBrowserAsync(account));
    }
}
