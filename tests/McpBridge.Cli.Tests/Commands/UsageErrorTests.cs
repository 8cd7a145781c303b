using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class UsageErrorTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Theory]
    [InlineData(new[] { "frobnicate" }, "frobnicate", "mcp-bridge --help")]
    [InlineData(new[] { "servers" }, "Required command was not provided", "mcp-bridge servers --help")]
    [InlineData(new[] { "servers", "show" }, "SERVER", "mcp-bridge servers show --help")]
    [InlineData(new[] { "tools", "add", "notes" }, "CONNECTOR", "mcp-bridge tools add --help")]
    [InlineData(new[] { "usage", "notes", "--days", "0" }, "--days must be between 1 and 366", "mcp-bridge usage --help")]
    [InlineData(new[] { "usage", "notes", "--days", "many" }, "many", "mcp-bridge usage --help")]
    [InlineData(new[] { "logs", "notes", "--level", "verbose" }, "verbose", "mcp-bridge logs --help")]
    [InlineData(new[] { "whoami", "--server", "ftp://nope" }, "not a valid server URL", "mcp-bridge whoami --help")]
    [InlineData(new[] { "connect", "not-a-url" }, "is not an http(s) URL", "mcp-bridge connect --help")]
    [InlineData(new[] { "connect", "http://x/mcp", "--transport", "pigeon" }, "pigeon", "mcp-bridge connect --help")]
    [InlineData(new[] { "deploy", "notes", "--bogus" }, "--bogus", "mcp-bridge deploy --help")]
    public async Task Invalid_CommandLine_ExitsWithUsageErrorAndHint(string[] args, string expectedInError, string expectedHint)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("", run.StdOut);
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expectedInError, run.StdErr, StringComparison.Ordinal);
        Assert.Contains($"hint: see `{expectedHint}`", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiCommand_ExitsNotSignedIn_WithoutAKey()
    {
        var run = await _cli.RunAsync("servers", "list");

        Assert.Equal(ExitCodes.AuthenticationFailed, run.ExitCode);
        Assert.Equal("", run.StdOut);
        Assert.Contains("error: not signed in to http://127.0.0.1:5000", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("hint: run `mcp-bridge login --api-key KEY` or `mcp-bridge signup`", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiCommand_ExitsUnreachable_WhenNothingListens()
    {
        var port = FreePort();

        var run = await _cli.RunAsync("servers", "list", "--server", $"http://127.0.0.1:{port}", "--api-key", "k");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains($"error: cannot reach the MCP Bridge server at http://127.0.0.1:{port}: connection refused", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_ReportsABrokenConfigFile_AsOneLine()
    {
        _cli.WriteConfig("{ broken");

        var run = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"error: the config file {_cli.ConfigFile} is not valid JSON", run.StdErr, StringComparison.Ordinal);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _cli.Dispose();
}
