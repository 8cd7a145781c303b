using System.Net;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Connectors.Tests.Egress;

public sealed class EgressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "refusing to connect to 127.0.0.1: private or loopback address")]
    [InlineData("10.1.2.3", "refusing to connect to 10.1.2.3: private or loopback address")]
    [InlineData("169.254.169.254", "refusing to connect to 169.254.169.254: private or loopback address")]
    [InlineData("[::1]", "refusing to connect to ::1: private or loopback address")]
    [InlineData("::ffff:127.0.0.1", "refusing to connect to ::ffff:127.0.0.1: private or loopback address")]
    [InlineData("0.0.0.0", "refusing to connect to 0.0.0.0: reserved or non-routable address")]
    public async Task EnsureAllowed_RefusesAddressLiterals_ByDefault(string host, string message)
    {
        var guard = new EgressGuard(new EgressOptions());

        var error = await Assert.ThrowsAsync<EgressRefusedException>(() => guard.EnsureAllowedAsync(host, 80, TestTimeouts.Token()).AsTask());

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task EnsureAllowed_RefusesLocalhost_ResolvedThroughDns()
    {
        var guard = new EgressGuard(new EgressOptions());

        var error = await Assert.ThrowsAsync<EgressRefusedException>(() => guard.EnsureAllowedAsync("localhost", 80, TestTimeouts.Token()).AsTask());

        Assert.StartsWith("refusing to connect to localhost (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("): private or loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAllowed_RefusesName_WhenAnyResolvedAddressIsPrivate()
    {
        var guard = new EgressGuard(new EgressOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.5") }));

        var error = await Assert.ThrowsAsync<EgressRefusedException>(() => guard.EnsureAllowedAsync("mixed.example", 443, TestTimeouts.Token()).AsTask());

        Assert.Equal("refusing to connect to mixed.example (10.0.0.5): private or loopback address", error.Message);
    }

    [Fact]
    public async Task EnsureAllowed_ReturnsAddresses_WhenAllArePublic()
    {
        var guard = new EgressGuard(new EgressOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") }));

        var addresses = await guard.EnsureAllowedAsync("public.example", 443, TestTimeouts.Token());

        Assert.Equal([IPAddress.Parse("93.184.216.34")], addresses);
    }

    [Fact]
    public async Task EnsureAllowed_AllowsPrivate_WhenOptionSet()
    {
        var guard = new EgressGuard(new EgressOptions { AllowPrivateNetworks = true });

        var addresses = await guard.EnsureAllowedAsync("127.0.0.1", 5432, TestTimeouts.Token());

        Assert.Equal([IPAddress.Loopback], addresses);
    }

    [Theory]
    [InlineData("127.0.0.1", 5432, true)]
    [InlineData("127.0.0.1:5432", 5432, true)]
    [InlineData("127.0.0.1:5433", 5432, false)]
    [InlineData("LOCALHOST", 80, false)]
    [InlineData("db.internal", 5432, false)]
    public async Task EnsureAllowed_HonoursAllowedHosts(string entry, int port, bool allowed)
    {
        var guard = new EgressGuard(new EgressOptions { AllowedHosts = [entry] });

        var attempt = () => guard.EnsureAllowedAsync("127.0.0.1", port, TestTimeouts.Token()).AsTask();

        if (allowed)
        {
            Assert.Equal([IPAddress.Loopback], await attempt());
        }
        else
        {
            await Assert.ThrowsAsync<EgressRefusedException>(attempt);
        }
    }

    [Theory]
    [InlineData("example.com", "example.com", null)]
    [InlineData("example.com:8443", "example.com", 8443)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("::1", "::1", null)]
    [InlineData("[::1]", "::1", null)]
    public void TryParseHostEntry_ParsesHostAndPort(string entry, string host, int? port)
    {
        Assert.True(EgressGuard.TryParseHostEntry(entry, out var parsedHost, out var parsedPort));
        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("")]
    [InlineData("example.com:notaport")]
    [InlineData("example.com:70000")]
    [InlineData("[::1")]
    public void TryParseHostEntry_RejectsMalformedEntries(string entry)
    {
        Assert.False(EgressGuard.TryParseHostEntry(entry, out _, out _));
    }

    [Fact]
    public async Task HttpHandler_ConnectsToTheVettedAddress_NotToAFreshLookup()
    {
        // The name exists only in the guard's resolver: the connection can only succeed if the socket goes to the
        // address the guard checked, which is what makes DNS rebinding between check and connect impossible.
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/", () => "reached"));
        var guard = new EgressGuard(
            new EgressOptions { AllowedHosts = ["rebind.test"] },
            (host, _) => Task.FromResult(host == "rebind.test" ? new[] { IPAddress.Loopback } : throw new InvalidOperationException(host)));
        using var client = new HttpClient(guard.CreateHttpHandler());

        var body = await client.GetStringAsync(new Uri($"http://rebind.test:{server.Port}/"), TestTimeouts.Token());

        Assert.Equal("reached", body);
    }

    [Fact]
    public async Task HttpHandler_RefusesRedirectToPrivateAddress()
    {
        await using var server = await TestWebServer.StartAsync(app =>
            app.MapGet("/go", (HttpContext context) => Results.Redirect($"http://localhost:{context.Connection.LocalPort}/secret")));
        var guard = new EgressGuard(new EgressOptions { AllowedHosts = [$"127.0.0.1:{server.Port}"] });
        using var client = new HttpClient(guard.CreateHttpHandler());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url("/go"), TestTimeouts.Token()));

        var refused = Assert.IsType<EgressRefusedException>(error.InnerException);
        Assert.StartsWith("refusing to connect to localhost (", refused.Message, StringComparison.Ordinal);
    }
}
