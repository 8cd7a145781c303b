using McpBridge.EndToEnd.Tests.Start;
using McpBridge.ServerTesting;
using Microsoft.Playwright;

namespace McpBridge.EndToEnd.Tests.Dashboard;

/// <summary>
/// A real <c>mcp-bridge serve</c> process on SQLite whose GitHub sign-in points at <see cref="LocalFakeGitHubOAuth"/>,
/// and a headless Chromium. The installation's first account (its administrator) signs in here, so the tests' users are
/// ordinary accounts.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("mcpb-dashboard-e2e-data-").FullName;

    public LocalFakeGitHubOAuth GitHub { get; private set; } = null!;

    internal CliProcess Serve { get; private set; } = null!;

    internal Browser Browser { get; private set; } = null!;

    public string Url { get; private set; } = string.Empty;

    public string ConfigDir { get; } = Directory.CreateTempSubdirectory("mcpb-dashboard-e2e-config-").FullName;

    internal IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["MCP_BRIDGE_CONFIG_DIR"] = ConfigDir,
        ["MCP_BRIDGE_API_KEY"] = null,
    };

    /// <summary>The administrator's browser page (signed in as "site-admin").</summary>
    public IPage AdminPage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await LocalFakeGitHubOAuth.StartAsync();
        Url = $"http://127.0.0.1:{CliProcess.FreePort()}";
        Serve = CliProcess.Start(Environment, ["serve", "--urls", Url, "--data-dir", _dataDir, .. GitHub.ServeArguments]);
        await Serve.WaitForAsync("MCP Bridge is ready", Timeout);
        Browser = await Browser.LaunchAsync();

        GitHub.SignedInUser = new GitHubUser(1, "site-admin", "Site Admin");
        AdminPage = await Browser.NewPageAsync(Url);
        await SignInWithGitHubAsync(AdminPage);
    }

    /// <summary>Opens the dashboard signed out, follows "Sign in with GitHub" and lands on the servers page.</summary>
    public static async Task SignInWithGitHubAsync(IPage page)
    {
        await page.GotoAsync("/servers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" }).ClickAsync();
        await DashboardJourneyTests.WaitForPathAsync(page, "/servers");
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Serve.DisposeAsync();
        await GitHub.DisposeAsync();
        foreach (var dir in new[] { _dataDir, ConfigDir })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
