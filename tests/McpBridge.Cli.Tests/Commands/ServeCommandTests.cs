using McpBridge.Cli.Commands;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class ServeCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Serve_MapsOptionsToHostConfiguration_AndPassesExtraArgsThrough()
    {
        string[]? received = null;
        _cli.ServerRunner = (args, _) =>
        {
            received = args;
            return Task.CompletedTask;
        };

        var run = await _cli.RunAsync(
            "serve", "--urls", "http://127.0.0.1:5055", "--data-dir", "/var/lib/mcp", "--db", "Host=db;Database=m",
            "--public-url", "https://bridge.example.com", "--trusted-proxies", "127.0.0.1, 10.0.0.0/8", "--", "--Logging:LogLevel:Default=Debug", "--Mcp:MaxSessions=5");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(
            [
                "--urls", "http://127.0.0.1:5055",
                "--DataDir", "/var/lib/mcp",
                "--ConnectionStrings:Default", "Host=db;Database=m",
                "--PublicUrl", "https://bridge.example.com",
                "--TrustedProxies", "127.0.0.1, 10.0.0.0/8",
                "--Logging:LogLevel:Default=Debug", "--Mcp:MaxSessions=5",
            ],
            Assert.IsType<string[]>(received));
    }

    [Fact]
    public async Task Serve_PassesNothing_WhenNoOptionsAreGiven()
    {
        string[]? received = null;
        _cli.ServerRunner = (args, _) =>
        {
            received = args;
            return Task.CompletedTask;
        };

        var run = await _cli.RunAsync("serve");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(Assert.IsType<string[]>(received));
    }

    [Fact]
    public async Task Serve_StopsWhenCancelled_AndExitsZero()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cli.ServerRunner = async (_, cancellationToken) =>
        {
            started.SetResult();
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        };

        using var stop = new CancellationTokenSource();
        var console = new TestConsole();
        var run = CliApp.RunAsync(["serve"], new CliContext(console, _cli.Environment, serverRunner: _cli.ServerRunner), handleTermination: false, stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_ReportsAFailureToStart_AsOneLine()
    {
        _cli.ServerRunner = (_, _) => throw new IOException("Failed to bind to address http://127.0.0.1:5000: address already in use.");

        var run = await _cli.RunAsync("serve");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: the server stopped: Failed to bind to address http://127.0.0.1:5000: address already in use.", run.StdErr.TrimEnd());
    }

    [Fact]
    public void Serve_OnCtrlC_WaitsLongerThanTheHostTakesToShutDown()
    {
        // Stopping writes the queued usage; the process must not exit before the host has had its full shutdown time.
        var root = new McpBridgeRootCommand(new CliContext(new TestConsole(), _cli.Environment));

        var serve = CliApp.TerminationTimeout(root.Parse(["serve"]).CommandResult.Command);
        var whoami = CliApp.TerminationTimeout(root.Parse(["whoami"]).CommandResult.Command);

        Assert.True(serve > new HostOptions().ShutdownTimeout, $"serve waits {serve} on Ctrl+C; the host may take {new HostOptions().ShutdownTimeout} to stop");
        Assert.Equal(TimeSpan.FromSeconds(10), whoami);
    }

    public void Dispose() => _cli.Dispose();
}
