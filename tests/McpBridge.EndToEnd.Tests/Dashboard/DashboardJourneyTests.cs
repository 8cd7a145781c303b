using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using McpBridge.Client.Tunnels;
using McpBridge.EndToEnd.Tests.Start;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Interop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpBridge.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard as a new user meets it, in Debian's Chromium against a real <c>serve</c> process whose GitHub sign-in
/// is a local fake GitHub OAuth server: sign in, create a server from a template, fix an invalid tool setting, deploy,
/// copy a snippet, call the endpoint with the TypeScript SDK, see the call in usage and the live log, rotate the key,
/// meet the Free plan's limit, and approve a CLI's browser sign-in. Every page is saved under artifacts/screenshots.
/// </summary>
public sealed partial class DashboardJourneyTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task NewUser_SignsInWithLocalFakeGitHub_BuildsAServer_AndCallsItFromTheTypeScriptSdk()
    {
        fixture.GitHub.SignedInUser = new GitHubUser(1001, "sarah-dev", "Sarah Developer");
        var page = await fixture.Browser.NewPageAsync(fixture.Url);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // Signed out: the dashboard sends the browser to sign in.
        await page.GotoAsync("/servers");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "01-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" }).ClickAsync();
        await WaitForPathAsync(page, "/servers");
        await Expect(page.GetByText("Signed in as")).ToContainTextAsync("Sarah Developer");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome! Three steps to your first tool call" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "02-onboarding");

        // A server from a template: both of its tools need no settings, so they are in the draft at once.
        await page.Locator(".card.template", new() { HasText = "Research notes" }).GetByRole(AriaRole.Button, new() { Name = "Use this template" }).ClickAsync();
        await WaitForPathAsync(page, "/servers/research-notes?template=research");
        var draft = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Tools in the draft" }) });
        await Expect(draft.Locator("tbody tr")).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(page, "03-server-tools");

        // Replace fetch, first with a timeout the schema refuses, then with a valid one.
        await draft.GetByRole(AriaRole.Button, new() { Name = "Remove fetch" }).ClickAsync();
        await WaitForPathAsync(page, "/servers/research-notes?removed=fetch");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add Web fetch" }).ClickAsync();
        await page.GetByLabel("Timeout (seconds)").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to draft" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToHaveTextAsync("Timeout (seconds) must be an integer between 1 and 120");
        await Expect(page.GetByLabel("Timeout (seconds)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(page, "04-add-tool-invalid");
        await page.GetByLabel("Timeout (seconds)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to draft" }).ClickAsync();
        await WaitForPathAsync(page, "/servers/research-notes?added=fetch");

        // Deploy.
        await Tab(page, "Deploy").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy version 1" }).ClickAsync();
        // The steps stream in as they happen; the last says what is live.
        var progress = page.GetByTestId("deploy-progress");
        await Expect(progress).ToContainTextAsync("Version 1 is live: 6 tools at", new() { Timeout = 30_000 });
        await Expect(progress.Locator("li.ok")).ToContainTextAsync(
            ["Checked the tools against your plan and their settings", "Saved the draft as version 1", "filesystem (filesystem): 5 tools ready", "fetch (fetch): 1 tool ready", "Version 1 is live"]);
        // The status and the history catch up without a reload.
        await Expect(page.Locator("#server-head")).ToContainTextAsync("running");
        await Expect(page.Locator("#history")).ToContainTextAsync("v1");
        await Browser.ScreenshotAsync(page, "05-deploy");

        // A key, shown once, filled into the snippets; copy one.
        await Tab(page, "Connect").ClickAsync();
        await page.GetByLabel("Key name").FillAsync("laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.GetByTestId("new-key").TextContentAsync())!.Trim();
        Assert.Matches("^mcpb_sk_", key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the Claude Code snippet" }).ClickAsync();
        var copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        var endpoint = $"{fixture.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)}/s/research-notes/mcp";
        Assert.Equal($"claude mcp add --transport http research-notes {endpoint} --header \"Authorization: Bearer {key}\"", copied);

        // "Test connection" runs tools/list from the browser through the real endpoint.
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(page.GetByTestId("test-tools")).ToContainTextAsync("list_directory");
        await Browser.ScreenshotAsync(page, "06-connect");

        // The TypeScript SDK client calls a tool with the key.
        var call = await TypeScriptClient.RunAsync($"{fixture.Url}/s/research-notes/mcp", new TypeScriptClientOptions
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
            Tool = "list_directory",
            ArgumentsJson = """{"path":"."}""",
        });
        Assert.True(call.Succeeded, call.Describe());

        // Usage shows the call (metering writes every second: reload until it is there).
        await Tab(page, "Usage").ClickAsync();
        await ReloadUntilAsync(page, async () => await page.GetByTestId("usage-tools").CountAsync() > 0);
        await Expect(page.GetByTestId("usage-tools")).ToContainTextAsync("list_directory");
        Assert.NotEqual("0", (await page.GetByTestId("calls-30d").TextContentAsync())!.Trim());
        Assert.True(await page.Locator("[data-testid=usage-chart] rect.bar[data-calls]:not([data-calls='0'])").CountAsync() >= 1);
        await Browser.ScreenshotAsync(page, "07-usage");

        // The log shows it, and refreshes by itself when another call comes in.
        await Tab(page, "Logs").ClickAsync();
        await Expect(page.GetByTestId("log-rows")).ToContainTextAsync("list_directory");
        var rowsBefore = await page.GetByTestId("log-rows").Locator("tr").CountAsync();
        var second = await TypeScriptClient.RunAsync($"{fixture.Url}/s/research-notes/mcp", new TypeScriptClientOptions
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
            Tool = "fetch",
            ArgumentsJson = """{"url":"http://127.0.0.1:1/private"}""",
        });
        Assert.True(second.Succeeded, second.Describe());
        await Expect(page.GetByTestId("log-rows").Locator("tr")).Not.ToHaveCountAsync(rowsBefore, new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("log-rows")).ToContainTextAsync("fetch");
        await Browser.ScreenshotAsync(page, "08-logs");

        // Rotating the key: the new one is shown once, the old one is refused from then on.
        await Tab(page, "Connect").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        var rotated = (await page.GetByTestId("new-key").TextContentAsync())!.Trim();
        Assert.NotEqual(key, rotated);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await ToolsListStatusAsync(http, key));
        Assert.Equal(HttpStatusCode.OK, await ToolsListStatusAsync(http, rotated));

        // The Free plan allows two tools per server: a third one meets the upgrade prompt.
        await page.GotoAsync("/servers/research-notes/add/fetch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Plan limit reached");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Upgrade to Starter for up to 5 tools per server");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Compare plans" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "09-upgrade-prompt");

        foreach (var (path, name) in new[] { ("/servers", "10-servers"), ("/servers/research-notes/settings", "11-settings"), ("/tunnels", "12-tunnels"), ("/plan", "13-plan"), ("/account", "14-account") })
        {
            await page.GotoAsync(path);
            await Browser.ScreenshotAsync(page, name);
        }

        Assert.Equal(HttpStatusCode.OK, await ToolsListStatusAsync(http, rotated));

        // The same account in a browser that prefers dark colours.
        var dark = await fixture.Browser.NewPageAsync(fixture.Url, ColorScheme.Dark);
        await DashboardFixture.SignInWithGitHubAsync(dark);
        await dark.GotoAsync("/servers/research-notes/usage");
        Assert.Equal("rgb(13, 17, 23)", await dark.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await Browser.ScreenshotAsync(dark, "17-usage-dark");

        async Task<HttpStatusCode> ToolsListStatusAsync(HttpClient client, string serverKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Url}/s/research-notes/mcp")
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Authorization", $"Bearer {serverKey}");
            request.Headers.Add("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
            request.Headers.Add("Mcp-Method", "tools/list");
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task CliLogin_IsApprovedInTheDashboard_AndTheCliGetsAWorkingKey()
    {
        fixture.GitHub.SignedInUser = new GitHubUser(1002, "dev-cli", "Dev Cli");
        await using var login = CliProcess.Start(fixture.Environment, "login", "--server", fixture.Url);
        await login.WaitForAsync("Waiting for approval", DashboardFixture.Timeout);
        var url = DeviceUrl().Match(login.Output).Groups[1].Value;
        var code = DeviceCode().Match(login.Output).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(url), login.Output);

        // The printed page is on the public URL (localhost), where this browser is not signed in yet.
        var page = await fixture.Browser.NewPageAsync(fixture.Url);
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" }).ClickAsync();
        await WaitForPathAsync(page, "/device?code=*");
        await Expect(page.GetByTestId("device-code")).ToHaveTextAsync(code);
        await Browser.ScreenshotAsync(page, "15-device-approval");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByTestId("device-done")).ToContainTextAsync("Approved");

        await login.WaitForAsync("Signed in", DashboardFixture.Timeout);
        await using var whoami = CliProcess.Start(fixture.Environment, "whoami", "--server", fixture.Url);
        Assert.Equal(0, await whoami.WaitForExitAsync(DashboardFixture.Timeout));
        Assert.Matches(@"Name\s+Dev Cli", whoami.Output);
    }

    [Fact]
    public async Task AnotherAccount_CannotReachServersLogsOrKeys_OfTheFirst()
    {
        fixture.GitHub.SignedInUser = new GitHubUser(2001, "owner-a", "Owner A");
        var owner = await fixture.Browser.NewPageAsync(fixture.Url);
        await DashboardFixture.SignInWithGitHubAsync(owner);
        await owner.GetByLabel("Name").FillAsync("Private notes");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create server" }).ClickAsync();
        await WaitForPathAsync(owner, "/servers/private-notes?created=1");

        fixture.GitHub.SignedInUser = new GitHubUser(2002, "intruder-b", "Intruder B");
        var intruder = await fixture.Browser.NewPageAsync(fixture.Url);
        await DashboardFixture.SignInWithGitHubAsync(intruder);
        foreach (var path in new[] { "/servers/private-notes", "/servers/private-notes/connect", "/servers/private-notes/logs", "/servers/private-notes/usage", "/servers/private-notes/settings", "/servers/private-notes/deploy" })
        {
            var response = await intruder.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Expect(intruder.GetByRole(AriaRole.Heading, new() { Name = "Not found", Exact = true })).ToBeVisibleAsync();
        }

        var rows = await intruder.Context.APIRequest.GetAsync($"{fixture.Url}/servers/private-notes/logs/rows");
        Assert.Equal(404, rows.Status);
        await intruder.GotoAsync("/servers");
        await Expect(intruder.GetByText("Private notes")).ToHaveCountAsync(0);
        var admin = await intruder.GotoAsync("/admin");
        Assert.Contains("/forbidden", intruder.Url, StringComparison.Ordinal);
        Assert.Equal(403, admin!.Status);

        // The administrator sees both accounts.
        await fixture.AdminPage.GotoAsync("/admin");
        await Expect(fixture.AdminPage.GetByTestId("admin-accounts")).ToContainTextAsync("Owner A");
        await Expect(fixture.AdminPage.GetByTestId("admin-accounts")).ToContainTextAsync("Intruder B");
        await Browser.ScreenshotAsync(fixture.AdminPage, "16-admin");
    }

    [Fact]
    public async Task APathFormTunnelPage_OpenedBySignedInUser_CannotReadTheDashboard_NorReceiveItsSession()
    {
        // Anyone can open a temporary tunnel and send its /t/{name}/ link to a dashboard user: same host as the dashboard.
        var cookiesSeen = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext context) =>
        {
            lock (cookiesSeen)
            {
                cookiesSeen.Add(context.Request.Headers.Cookie.ToString());
            }

            return Results.Content(AttackPage, "text/html");
        });
        await app.StartAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions
        {
            ServerUrl = new Uri(fixture.Url),
            TargetUrl = new Uri(app.Urls.First()),
            Temporary = true,
        });
        var tunnel = await connector.ConnectAsync();

        var page = fixture.AdminPage;
        await page.GotoAsync($"/t/{tunnel.Subdomain}/");
        var result = page.Locator("#out");
        await Expect(result).Not.ToHaveTextAsync("running", new() { Timeout = 30_000 });
        var text = await result.InnerTextAsync();
        await Browser.ScreenshotAsync(page, "17-tunnel-sandbox");

        Assert.Contains("cookie: blocked", text, StringComparison.Ordinal);
        Assert.Contains("fetch: blocked", text, StringComparison.Ordinal);
        Assert.Contains("storage: blocked", text, StringComparison.Ordinal);
        lock (cookiesSeen)
        {
            Assert.NotEmpty(cookiesSeen);
            Assert.All(cookiesSeen, cookie => Assert.DoesNotContain("mcpb_", cookie, StringComparison.Ordinal));
        }

        // The dashboard itself still works for that user.
        await page.GotoAsync("/servers");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Servers", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>What a hostile page would try on the dashboard's host: read cookies, fetch a dashboard page with them, use storage.</summary>
    private const string AttackPage = """
        <!doctype html><title>tunnel page</title><pre id="out">running</pre>
        <script>
        (async () => {
          const lines = [];
          try { lines.push('cookie: ' + JSON.stringify(document.cookie)); } catch { lines.push('cookie: blocked'); }
          try { const r = await fetch('/servers', { credentials: 'include' }); lines.push('fetch: ' + r.status + ' ' + (await r.text()).length); }
          catch { lines.push('fetch: blocked'); }
          try { localStorage.setItem('probe', '1'); lines.push('storage: open'); } catch { lines.push('storage: blocked'); }
          document.getElementById('out').textContent = lines.join('\n');
        })();
        </script>
        """;

    private static ILocator Tab(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Server" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>Waits until the page is at <paramref name="pathAndQuery"/> (a prefix when it ends with *); on timeout, says where it is and what it shows.</summary>
    internal static async Task WaitForPathAsync(IPage page, string pathAndQuery)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var prefix = pathAndQuery.EndsWith('*') ? pathAndQuery[..^1] : null;
        while (prefix is null ? new Uri(page.Url).PathAndQuery != pathAndQuery : !new Uri(page.Url).PathAndQuery.StartsWith(prefix, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                var text = await page.Locator("body").InnerTextAsync();
                throw new TimeoutException($"Expected {pathAndQuery}, the page is at {page.Url}:\n{text}");
            }

            await page.WaitForTimeoutAsync(100);
        }
    }

    private static async Task ReloadUntilAsync(IPage page, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The page {page.Url} did not show what was expected within 30 s.");
            }

            await page.WaitForTimeoutAsync(500);
            await page.ReloadAsync();
        }
    }

    [GeneratedRegex(@"open (http\S+/device\?code=\S+)")]
    private static partial Regex DeviceUrl();

    [GeneratedRegex(@"shows the code ([A-Z]{4}-[A-Z]{4})")]
    private static partial Regex DeviceCode();
}
