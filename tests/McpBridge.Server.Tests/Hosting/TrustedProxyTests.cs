using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Client.Tunnels;
using McpBridge.Protocol.Api;
using McpBridge.Server.Hosting;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Hosting;

/// <summary>
/// Behind a reverse proxy (the test's own HTTP client plays it, from 127.0.0.1): with <c>TrustedProxies</c> the
/// client's address and scheme come from the proxy's <c>X-Forwarded-*</c> headers; without it they are ignored.
/// </summary>
public sealed class TrustedProxyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SignupLimit_CountsEachClientBehindATrustedProxy_Separately(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider, o =>
        {
            o.Settings["TrustedProxies"] = "127.0.0.1";
            o.Settings["SignupsPerHourPerAddress"] = "2";
        });

        var first = await SignupFromAsync(bridge, "203.0.113.1");
        var second = await SignupFromAsync(bridge, "203.0.113.1");
        var third = await SignupFromAsync(bridge, "203.0.113.1");
        var otherClient = await SignupFromAsync(bridge, "203.0.113.2");

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.Created, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, third);
        Assert.Equal(HttpStatusCode.Created, otherClient);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task XForwardedFor_IsIgnored_WithoutTrustedProxies(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider, o => o.Settings["SignupsPerHourPerAddress"] = "2");

        // Each claims another address; all come from 127.0.0.1, which is what counts.
        var first = await SignupFromAsync(bridge, "203.0.113.1");
        var second = await SignupFromAsync(bridge, "203.0.113.2");
        var third = await SignupFromAsync(bridge, "203.0.113.3");

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.Created, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, third);
    }

    [Fact]
    public async Task Tunnel_PassesOnTheRealClientAndScheme_AndKeepsWhatAClientClaimedBeforeTheProxy()
    {
        await using var bridge = await TestBridge.StartAsync(DatabaseProvider.Sqlite, o => o.Settings["TrustedProxies"] = "127.0.0.0/8, 10.0.0.0/8");
        await using var target = await LocalTarget.StartAsync();
        await using var connector = new CloudConnector(new CloudConnectorOptions { ServerUrl = bridge.BaseUri, LocalPort = target.Port, Temporary = true });
        var url = (await connector.ConnectAsync()).Url;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(bridge.BaseUri, url.AbsolutePath.TrimEnd('/') + "/echo/x"));
        // A client claimed 198.51.100.7; a trusted load balancer (10.0.0.9) saw 203.0.113.9; the proxy on 127.0.0.1 saw the balancer.
        request.Headers.Add("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 10.0.0.9");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await bridge.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = JsonDocument.Parse(Convert.FromBase64String(response.Headers.GetValues("X-Seen").Single())).RootElement.GetProperty("headers");
        // The trusted hops are consumed; the client's own claim is kept in front of the address the relay believes.
        Assert.Equal("198.51.100.7, 203.0.113.9", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("https", headers.GetProperty("x-forwarded-proto").GetString());
    }

    [Theory]
    [InlineData("10.0.0.5", null)]
    [InlineData("10.0.0.5, 10.1.0.0/16; ::1 fd00::/8", null)]
    [InlineData("10.0.0.300", "10.0.0.300")]
    [InlineData("127.0.0.1, proxy.internal", "proxy.internal")]
    [InlineData("10.0.0.0/33", "10.0.0.0/33")]
    public void TrustedProxies_AreAddressesOrNetworks_AndTheFirstBadEntryIsNamed(string value, string? invalid)
    {
        var (networks, bad) = TrustedProxyList.Parse(value);

        Assert.Equal(invalid, bad);
        if (invalid is null)
        {
            Assert.NotEmpty(networks);
        }
    }

    [Fact]
    public async Task Serve_RefusesToStart_WithABadTrustedProxy_NamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestBridge.StartAsync(DatabaseProvider.Sqlite, o => o.Settings["TrustedProxies"] = "127.0.0.1, proxy.internal"));

        Assert.Contains("TrustedProxies: 'proxy.internal' is not an IP address or a CIDR network", error.Message);
    }

    private static async Task<HttpStatusCode> SignupFromAsync(TestBridge bridge, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signup") { Content = JsonContent.Create(new SignupRequest(null), options: TestBridge.Json) };
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await bridge.Http.SendAsync(request);
        return response.StatusCode;
    }
}
