using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Client.Tunnels;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Tunnels.Relay;

/// <summary>A relay whose public URL is a real domain: tunnels answer on <c>{name}.{domain}</c> (tests send the Host header).</summary>
public sealed class DomainRelayFixture() : BridgeFixture(DatabaseProvider.Sqlite)
{
    protected override void Configure(TestBridgeOptions options) => options.Settings["PublicUrl"] = "https://bridge.example.test";
}

public sealed class HostFormTunnelTests(DomainRelayFixture fixture) : IClassFixture<DomainRelayFixture>
{
    [Fact]
    public async Task Tunnel_AnswersOnItsSubdomain_AndServerSlugsStillRouteToServers()
    {
        await using var target = await LocalTarget.StartAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, LocalPort = target.Port, Temporary = true });
        var connection = await connector.ConnectAsync();
        using var http = new HttpClient { BaseAddress = fixture.Bridge.BaseUri };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/at-root?q=1");
        request.Headers.Host = $"{connection.Subdomain}.bridge.example.test";
        var response = await http.SendAsync(request);

        Assert.Equal(new Uri($"https://{connection.Subdomain}.bridge.example.test"), connection.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = JsonDocument.Parse(Convert.FromBase64String(response.Headers.GetValues("X-Seen").Single())).RootElement;
        Assert.Equal("/echo/at-root", seen.GetProperty("path").GetString());
        Assert.Equal($"{connection.Subdomain}.bridge.example.test", seen.GetProperty("headers").GetProperty("x-forwarded-host").GetString());
        Assert.False(seen.GetProperty("headers").TryGetProperty("x-forwarded-prefix", out _));

        // A label that is no tunnel falls through to hosted servers, which answer in their own way (no such server).
        using var server = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "ping" }) };
        server.Headers.Host = "no-such-server.bridge.example.test";
        var serverResponse = await http.SendAsync(server);
        Assert.NotEqual("application/problem+json", serverResponse.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("tunnel_", await serverResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConnectPath_OnATunnelsSubdomain_GoesToTheTunnel_NotToTheRelay()
    {
        await using var target = await LocalTarget.StartAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, TargetUrl = new Uri(target.Url, "/echo"), Temporary = true });
        var connection = await connector.ConnectAsync();
        using var http = new HttpClient { BaseAddress = fixture.Bridge.BaseUri };

        // The relay takes agents' connections on this path ahead of the API, but a tunnel's own host is the tunnel's.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tunnels/connect?temporary=true");
        request.Headers.Host = $"{connection.Subdomain}.bridge.example.test";
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = JsonDocument.Parse(Convert.FromBase64String(response.Headers.GetValues("X-Seen").Single())).RootElement;
        Assert.Equal("/echo/api/v1/tunnels/connect", seen.GetProperty("path").GetString());
    }

    [Fact]
    public async Task HostFormAnswers_KeepTheirOwnOrigin_ButCannotSetCookiesForTheRelaysDomain()
    {
        await using var target = await LocalTarget.StartAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = fixture.Bridge.BaseUri, LocalPort = target.Port, Temporary = true });
        var connection = await connector.ConnectAsync();
        using var http = new HttpClient { BaseAddress = fixture.Bridge.BaseUri };
        var host = $"{connection.Subdomain}.bridge.example.test";
        var cookies = new[] { "own=1; Path=/", $"scoped=1; Domain={host}", "tossed=1; Domain=bridge.example.test", "alsotossed=1; Domain=.example.test", "mcpb_session=forged" };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/set-cookies?" + string.Join('&', cookies.Select(c => "c=" + Uri.EscapeDataString(c))));
        request.Headers.Host = host;

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["own=1; Path=/", $"scoped=1; Domain={host}"], response.Headers.GetValues("Set-Cookie"));
        // Its own subdomain is its own origin: no sandbox, so a web app keeps its cookies and storage.
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }
}
