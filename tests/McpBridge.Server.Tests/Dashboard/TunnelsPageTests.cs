using System.Net;
using McpBridge.Client.Tunnels;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>The dashboard's tunnels page lists the account's live tunnels as <c>tunnels list</c> does.</summary>
public abstract class TunnelsPageTests(GitHubBridgeFixture fixture)
{
    [Fact]
    public async Task TemporaryTunnel_IsListed_WithItsUrlAndWhenItExpires()
    {
        var (account, browser) = await fixture.SignedInAccountAsync("tunnel-owner");
        using var _ = browser;
        await using var target = await LocalTarget.StartAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions
        {
            ServerUrl = fixture.Bridge.BaseUri,
            ApiKey = account.ApiKey,
            LocalPort = target.Port,
            Temporary = true,
            Name = "demo",
        });
        var tunnel = await connector.ConnectAsync();

        var page = await browser.OpenAsync("/tunnels");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(tunnel.Subdomain, page.Html);
        Assert.Contains(WebUtility.HtmlEncode(tunnel.Url.ToString().TrimEnd('/')), page.Html);
        Assert.Contains("<span class=\"badge\">temporary</span>", page.Html);
        // Two hours from now, as the When component writes it.
        Assert.Matches(@"expires <time datetime=""[^""]+""[^>]*>in 2 h</time>", page.Html);
    }
}

public sealed class TunnelsPageTests_Sqlite(SqliteGitHubBridge fixture) : TunnelsPageTests(fixture), IClassFixture<SqliteGitHubBridge>;

public sealed class TunnelsPageTests_Postgres(PostgresGitHubBridge fixture) : TunnelsPageTests(fixture), IClassFixture<PostgresGitHubBridge>;
