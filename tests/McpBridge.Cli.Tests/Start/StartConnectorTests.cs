using System.Diagnostics;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.Start;

/// <summary>
/// <c>start git</c> over a real repository and <c>start home-assistant</c> against a local fake Home Assistant, with a fake
/// tunnel agent: the connector is checked with one read-only call before anything is exposed.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class StartConnectorTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private readonly CancellationTokenSource _ctrlC = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("mcp-bridge-start-connectors-").FullName;
    private FakeApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeApiServer.StartAsync();

    [Fact]
    public async Task StartGitCloud_ServesARepository_FromAFolderInsideIt_NamedAfterTheRepository()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_folder, "My App")).FullName;
        await GitAsync(repo, "init", "--quiet");
        await File.WriteAllTextAsync(Path.Combine(repo, "README.md"), "# My App");
        await GitAsync(repo, "add", ".");
        await GitAsync(repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "First");
        var inside = Directory.CreateDirectory(Path.Combine(repo, "src")).FullName;
        _api.Json("GET", "/api/v1/account", ApiSamples.Account());
        var tunnel = FakeTunnelAgent.Answering("https://sarah-my-app.bridge.test/", "sarah-my-app");
        _cli.TunnelFactory = tunnel.Factory;
        _cli.Environment.Set("PATH", Environment.GetEnvironmentVariable("PATH"));

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "git", "--repo", inside, "--cloud", "--server", _api.Url, "--api-key", "mcpb_ak_sarah");
        var options = await tunnel.ConnectCalled;
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("sarah-my-app", options.Name);
        Assert.Matches(@"✓ Git server on http://127\.0\.0\.1:\d+ \(7 tools\)", result.StdOut);
    }

    [Fact]
    public async Task StartHomeAssistant_ChecksTheToken_AgainstLocalFakeHomeAssistant()
    {
        await using var home = await FakeHomeAssistant.StartAsync();
        var tunnel = FakeTunnelAgent.Answering("https://temp-ha-a1b2c3.bridge.test/", "temp-ha-a1b2c3", DateTimeOffset.UtcNow.AddHours(2));
        _cli.TunnelFactory = tunnel.Factory;

        var refused = await _cli.RunAsync("start", "home-assistant", "--url", home.Url.AbsoluteUri, "--token", "wrong-token-4711", "--temp", "--server", _api.Url);
        Assert.Null(tunnel.Options);
        _cli.Environment.Set("HOME_ASSISTANT_TOKEN", FakeHomeAssistant.Token);
        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "home-assistant", "--url", home.Url.AbsoluteUri, "--temp", "--name", "ha", "--server", _api.Url);
        await tunnel.ConnectCalled;
        await _ctrlC.CancelAsync();
        var accepted = await run;

        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains("error: the Home Assistant server is not working:", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("refused the access token (HTTP 401)", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-4711", refused.StdErr + refused.StdOut, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, accepted.ExitCode);
        Assert.Matches(@"✓ Home Assistant server on http://127\.0\.0\.1:\d+ \(5 tools\)", accepted.StdOut);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
        _ctrlC.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task GitAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var error = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
