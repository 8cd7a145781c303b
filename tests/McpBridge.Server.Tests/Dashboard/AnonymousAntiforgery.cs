using System.Net;
using McpBridge.ServerTesting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>
/// A valid antiforgery cookie and request token for a signed-out browser, made by the bridge's own antiforgery service:
/// for posting where no page offers a form (the local sign-in on a bridge that does not offer it), so that a refusal
/// there is the rule's and not the missing token's.
/// </summary>
internal static class AnonymousAntiforgery
{
    public const string CookieName = "mcpb_antiforgery";

    public static string Issue(TestBridge bridge, DashboardBrowser browser)
    {
        var context = new DefaultHttpContext { RequestServices = bridge.Services };
        var tokens = bridge.Services.GetRequiredService<IAntiforgery>().GetTokens(context);
        browser.Cookies.Add(browser.BaseUri, new Cookie(CookieName, tokens.CookieToken!, "/"));
        return tokens.RequestToken!;
    }
}
