using System.Collections.Concurrent;
using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Cli.Tests.EndToEnd;

/// <summary>
/// The CLI against the real cloud (<see cref="BridgeServerHost"/> on Kestrel, SQLite in a temporary folder): the
/// path a new user takes, from sign-up to an MCP client calling a hosted tool through <c>mcp-bridge connect</c>.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CliAgainstServerTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly CliHarness _cli = new();
    private BridgeServer _server = null!;

    public async Task InitializeAsync() => _server = await BridgeServer.StartAsync();

    [Fact]
    public async Task Cli_TakesANewUserFromSignupToAWorkingHostedServer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var server = _server.Url.AbsoluteUri.TrimEnd('/');

        var signup = await _cli.RunAsync("signup", "--name", "e2e", "--server", server, "--json");
        Assert.Equal(ExitCodes.Success, signup.ExitCode);
        var account = JsonSerializer.Deserialize<SignupResponse>(signup.StdOut, s_json)!;
        Assert.Contains(account.ApiKey, await File.ReadAllTextAsync(_cli.ConfigFile, timeout.Token), StringComparison.Ordinal);

        // From here on the stored server and key are used: no --server, no --api-key.
        var created = await _cli.RunAsync("servers", "create", "Notes", "--json");
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var slug = JsonSerializer.Deserialize<ServerInfo>(created.StdOut, s_json)!.Slug;

        Assert.Equal(ExitCodes.Success, (await _cli.RunAsync("tools", "add", slug, "echo")).ExitCode);

        var deploy = await _cli.RunAsync("deploy", slug, "--json");
        Assert.Equal(ExitCodes.Success, deploy.ExitCode);
        var deployed = JsonSerializer.Deserialize<DeployResponse>(deploy.StdOut, s_json)!;
        Assert.Equal(1, deployed.Version);
        Assert.Contains("echo", deployed.Tools);
        Assert.EndsWith($"/s/{slug}/mcp", deployed.Endpoints.PathMcp, StringComparison.Ordinal);

        var keyRun = await _cli.RunAsync("keys", "create", slug, "--name", "e2e", "--json");
        Assert.Equal(ExitCodes.Success, keyRun.ExitCode);
        var key = JsonSerializer.Deserialize<KeyCreated>(keyRun.StdOut, s_json)!;

        // A second server is over the free plan's limit: exit code 4 and the server's own explanation.
        var second = await _cli.RunAsync("servers", "create", "Second");
        Assert.Equal(ExitCodes.PlanLimit, second.ExitCode);
        Assert.StartsWith("error: ", second.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: ", second.StdErr, StringComparison.Ordinal);

        // An MCP client on the bridge's stdio reaches the hosted tool with the server key.
        var stderr = new ConcurrentQueue<string>();
        await using (var client = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [CliExecutable.DllPath, "connect", new Uri(_server.Url, $"s/{slug}/mcp").AbsoluteUri, "--key", key.Key],
                Name = "mcp-bridge connect",
                StandardErrorLines = stderr.Enqueue,
            }),
            cancellationToken: timeout.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            Assert.Contains(tools, t => t.Name == "echo");
            var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hello from the CLI test" }, cancellationToken: timeout.Token);
            Assert.NotEqual(true, result.IsError);
            Assert.Contains("hello from the CLI test", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(stderr, line => line.StartsWith("error:", StringComparison.Ordinal));

        var keys = JsonSerializer.Deserialize<KeyInfo[]>((await _cli.RunAsync("keys", "list", slug, "--json")).StdOut, s_json)!;
        Assert.Contains(keys, k => k.Id == key.Id && k.RevokedAt is null);

        Assert.Equal(ExitCodes.Success, (await _cli.RunAsync("keys", "revoke", slug, key.Id)).ExitCode);
        keys = JsonSerializer.Deserialize<KeyInfo[]>((await _cli.RunAsync("keys", "list", slug, "--json")).StdOut, s_json)!;
        Assert.Contains(keys, k => k.Id == key.Id && k.RevokedAt is not null);

        Assert.Equal(ExitCodes.Success, (await _cli.RunAsync("servers", "delete", slug, "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("servers", "show", slug)).ExitCode);
    }

    [Fact]
    public async Task Cli_ReportsAnUnknownAccountKey_AsNotSignedIn()
    {
        var run = await _cli.RunAsync("whoami", "--server", _server.Url.AbsoluteUri, "--api-key", "mcpb_ak_not_a_real_key");

        Assert.Equal(ExitCodes.AuthenticationFailed, run.ExitCode);
        Assert.StartsWith("error: ", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("(HTTP 401)", run.StdErr, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }
}
