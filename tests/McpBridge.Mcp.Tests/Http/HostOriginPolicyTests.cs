using McpBridge.Mcp.Http;
using Microsoft.Extensions.Options;

namespace McpBridge.Mcp.Tests.Http;

public sealed class HostOriginPolicyTests
{
    private static HostOriginPolicy Policy(string[]? hosts = null, string[]? origins = null) =>
        new(Options.Create(new McpHttpOptions { AllowedHosts = hosts ?? [], AllowedOrigins = origins ?? [] }));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("[::1]", true)]
    [InlineData("evil.example.com", false)]
    [InlineData("localhost.evil.example.com", false)]
    [InlineData("", false)]
    public void IsAllowedHost_AllowsOnlyLoopback_ByDefault(string host, bool allowed) =>
        Assert.Equal(allowed, Policy().IsAllowedHost(host));

    [Theory]
    [InlineData("a.mcp.example.com", true)]
    [InlineData("deep.a.mcp.example.com", true)]
    [InlineData("mcp.example.com", true)]
    [InlineData("evilmcp.example.com", false)]
    [InlineData("mcp.example.com.evil.net", false)]
    public void IsAllowedHost_MatchesConfiguredNamesAndWildcards(string host, bool allowed) =>
        Assert.Equal(allowed, Policy(["*.mcp.example.com", "mcp.example.com:443"]).IsAllowedHost(host));

    [Theory]
    [InlineData("", true)]
    [InlineData("http://localhost:6274", true)]
    [InlineData("http://127.0.0.1", true)]
    [InlineData("https://app.example.com", true)]
    [InlineData("https://app.example.com/", true)]
    [InlineData("http://evil.example.com", false)]
    [InlineData("null", false)]
    public void IsAllowedOrigin_AllowsLoopbackAndConfiguredOrigins(string origin, bool allowed) =>
        Assert.Equal(allowed, Policy(origins: ["https://app.example.com/"]).IsAllowedOrigin(origin));
}
