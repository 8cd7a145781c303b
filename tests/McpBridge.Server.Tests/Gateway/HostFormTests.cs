using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Gateway;

/// <summary>
/// With a public URL on a real domain, each server also answers at <c>{slug}.{domain}/mcp</c> (what snippets then
/// give out); other subdomains and foreign hosts are refused. Wildcard DNS is the operator's: the tests send the Host.
/// </summary>
public sealed class HostFormTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task HostForm_ServesTheServer_AndSnippetsUseIt(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider, o => o.Settings["PublicUrl"] = "https://mcp-bridge.test");
        var account = await bridge.SignupAsync();
        var (server, key, deploy) = await account.DeployedServerAsync("Hosted by name", ("echo", null));

        Assert.Equal($"https://{server.Slug}.mcp-bridge.test/mcp", server.Endpoints.Mcp);
        Assert.Equal($"https://{server.Slug}.mcp-bridge.test/sse", server.Endpoints.Sse);
        Assert.Equal($"https://mcp-bridge.test/s/{server.Slug}/mcp", server.Endpoints.PathMcp);
        Assert.Equal(server.Endpoints, deploy.Endpoints);
        var snippets = await account.GetAsync<SnippetSet>($"/api/v1/servers/{server.Id}/snippets");
        Assert.Contains($"https://{server.Slug}.mcp-bridge.test/mcp", snippets.Snippets.Single(s => s.Client == "claude-code").Content);

        var auth = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key.Key}" };
        var viaHost = new Dictionary<string, string>(auth) { ["Host"] = $"{server.Slug}.mcp-bridge.test" };
        var (status, message) = await McpCalls.CallToolAsync(bridge.Http, $"{bridge.BaseUri}mcp", "echo", new() { ["message"] = "by name" }, viaHost);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Echo: by name", message!.Value.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        var unknown = new Dictionary<string, string>(auth) { ["Host"] = "no-such-server.mcp-bridge.test" };
        var (missing, _) = await McpCalls.CallToolAsync(bridge.Http, $"{bridge.BaseUri}mcp", "echo", null, unknown);
        Assert.Equal(HttpStatusCode.NotFound, missing);

        var foreign = new Dictionary<string, string>(auth) { ["Host"] = $"{server.Slug}.evil.example" };
        var (refused, _) = await McpCalls.CallToolAsync(bridge.Http, $"{bridge.BaseUri}s/{server.Slug}/mcp", "echo", null, foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
    }
}
