using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpBridge.EndToEnd.Tests.Start;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.EndToEnd.Tests.Tunnels;

/// <summary>
/// samples/MultiTenantTunnels as a real process against a real relay: one tunnel per tenant in one process, each
/// reaching its own tenant's app, request lines, Ctrl+C closing them all; and a refusal reported in words.
/// </summary>
public sealed partial class MultiTenantSampleTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] s_tenants = ["acme", "globex", "initech"];

    [Fact]
    public async Task Sample_WithoutAKey_OpensATemporaryTunnelPerTenant_EachReachesItsTenant_AndCtrlCClosesThemAll()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite, o => o.Settings["Tunnels:AnonymousPerAddressConcurrent"] = "5");
        await using var sample = Sample(bridge, "--tenants", string.Join(',', s_tenants));
        await sample.WaitForAsync("3 tunnels up", s_timeout);
        var urls = PrintedUrls(sample.Output);

        using var http = new HttpClient();
        var answers = new Dictionary<string, string?>();
        foreach (var (tenant, url) in urls)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(url));
            answers[tenant] = document.RootElement.GetProperty("tenant").GetString();
        }

        await sample.WaitForAsync("[initech] GET / 200", s_timeout);
        var exitCode = await sample.InterruptAsync(s_timeout);
        using var afterStop = await http.GetAsync(urls["acme"]);

        Assert.Equal(s_tenants, urls.Keys.Order());
        foreach (var tenant in s_tenants)
        {
            Assert.Matches($@"^http://localhost:\d+/t/temp-{tenant}-[a-z0-9]{{6}}$", urls[tenant]);
            Assert.Equal(tenant, answers[tenant]);
            Assert.Contains($"[{tenant}] GET / 200", sample.Output);
        }

        Assert.Matches(@"\(expires \d\d:\d\d\)", sample.Output);
        Assert.True(exitCode == 0, $"the sample exited with {exitCode} after Ctrl+C:\n{sample.Output}");
        Assert.Contains("Closing tunnels...", sample.Output);
        Assert.Contains("Done.", sample.Output);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, afterStop.StatusCode);
    }

    [Fact]
    public async Task Sample_WithAnAccountKey_GivesEachTenantItsPersistentName()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite);
        var admin = await bridge.SignupAsync("admin");
        var platform = await bridge.SignupAsync("platform");
        await admin.SetPlanAsync(platform.AccountId, "pro");
        await using var sample = Sample(bridge, "--tenants", "acme,globex", "--api-key", platform.ApiKey);
        await sample.WaitForAsync("2 tunnels up", s_timeout);
        var urls = PrintedUrls(sample.Output);

        using var http = new HttpClient();
        using var acme = JsonDocument.Parse(await http.GetStringAsync(urls["acme"]));
        var exitCode = await sample.InterruptAsync(s_timeout);

        Assert.Equal($"http://localhost:{bridge.BaseUri.Port}/t/acme-crm", urls["acme"]);
        Assert.Equal($"http://localhost:{bridge.BaseUri.Port}/t/globex-crm", urls["globex"]);
        Assert.Equal("acme", acme.RootElement.GetProperty("tenant").GetString());
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Sample_OverTheRelaysAnonymousLimit_SaysWhy_ClosesTheTunnelsItOpened_AndExitsOne()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The relay's default: two temporary tunnels at once per address without an account.
        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite);
        await using var sample = Sample(bridge, "--tenants", string.Join(',', s_tenants));

        var exitCode = await sample.WaitForExitAsync(s_timeout);

        Assert.True(exitCode == 1, $"the sample exited with {exitCode}:\n{sample.Output}");
        Assert.Equal(2, PrintedUrls(sample.Output).Count);
        Assert.Matches(@"error: .*at most 2 may be connected at once", sample.Output);
        Assert.Contains("Done.", sample.Output);
    }

    private static CliProcess Sample(TestBridge bridge, params string[] arguments) =>
        CliProcess.StartProgram("MultiTenantTunnels.dll", new Dictionary<string, string?> { ["MCP_BRIDGE_API_KEY"] = null },
            ["--server", bridge.BaseUri.ToString(), .. arguments]);

    private static Dictionary<string, string> PrintedUrls(string output) =>
        UrlLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"^\[(\w+)\] (http\S+)", RegexOptions.Multiline)]
    private static partial Regex UrlLine();
}
