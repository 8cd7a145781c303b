using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.Start;

/// <summary>Every mistake on a <c>start</c> command line is reported, with the option to fix, before anything starts or connects.</summary>
[Collection(CliCollection.Name)]
public sealed class StartValidationTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly FakeTunnelAgent _tunnel = FakeTunnelAgent.Answering("https://never.example", "never");
    private readonly string _folder = Directory.CreateTempSubdirectory("mcp-bridge-start-validation-").FullName;

    public StartValidationTests()
    {
        _cli.TunnelFactory = _tunnel.Factory;
    }

    public static TheoryData<string[], string> Mistakes => new()
    {
        { ["start", "filesystem", "--temp"], "--path is required for filesystem" },
        { ["start", "filesystem", "--path", "/no/such/folder/anywhere", "--temp"], "--path: the folder /no/such/folder/anywhere does not exist" },
        { ["start", "git", "--temp"], "--repo is required for git" },
        { ["start", "postgres", "--temp"], "--connection is required for postgres" },
        { ["start", "postgres", "--connection", "mysql://root@localhost/db", "--temp"], "--connection is not a PostgreSQL URI or connection string" },
        { ["start", "postgres", "--connection", "Data Source=app.db", "--temp"], "--connection names a SQLite database" },
        { ["start", "home-assistant", "--temp"], "--url is required for home-assistant" },
        { ["start", "home-assistant", "--url", "homeassistant.local", "--token", "t", "--temp"], "--url 'homeassistant.local' is not an http(s) URL" },
        { ["start", "home-assistant", "--url", "http://ha.local:8123", "--temp"], "--token is required for home-assistant (or set $HOME_ASSISTANT_TOKEN)" },
        { ["start", "custom", "--temp"], "--command is required for custom" },
        { ["start", "custom", "--command", "node 'server.js", "--temp"], "--command cannot be read: it has an unterminated ' quote" },
        { ["start", "custom", "--command", "no-such-program-mcpb --stdio", "--temp"], "--command: 'no-such-program-mcpb' was not found on PATH" },
        { ["start", "custom", "--command", "./not/here.sh", "--temp"], "--command: ./not/here.sh does not exist or is not executable" },
        { ["start", "custom", "--command", "sh", "--env", "NOEQUALS", "--temp"], "--env 'NOEQUALS': expected NAME=value" },
        { ["start", "http-proxy", "--temp"], "--target is required for http-proxy" },
        { ["start", "http-proxy", "--target", "ftp://files.local", "--temp"], "--target 'ftp://files.local' is not an http(s) URL" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--temp", "--port", "8080"], "--port sets the local MCP server's port; http-proxy runs none" },
        { ["start", "http-proxy", "--target", "http://localhost:3000"], "add --cloud (a URL that never changes; needs an account) or --temp" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--cloud", "--temp"], "--cloud and --temp cannot be used together" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--temp", "--name", "Client Demo!"], "--name 'client demo!' may contain only lowercase letters a-z, digits 0-9 and '-' (e.g. 'client-demo')" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--temp", "--name", new string('a', 52)], $"--name '{new string('a', 52)}' must be at most 51 characters long for a temporary tunnel (it becomes temp-NAME-xxxxxx)" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--cloud", "--name", new string('a', 64)], $"--name '{new string('a', 64)}' must be 3 to 63 characters long" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--cloud", "--name", "temp-demo"], "--name 'temp-demo' must not start with 'temp-': temporary tunnels' names start so" },
        { ["start", "http-proxy", "--target", "http://localhost:3000", "--cloud", "--name", "www"], "--name 'www' is reserved; choose another name" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Start_ExitsWithUsageError_NamingTheOptionToFix(string[] args, string expected)
    {
        _cli.Environment.Set("PATH", Environment.GetEnvironmentVariable("PATH"));

        var run = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("", run.StdOut);
        Assert.Contains("error: " + expected, run.StdErr, StringComparison.Ordinal);
        Assert.Contains($"hint: see `mcp-bridge start {args[1]} --help`", run.StdErr, StringComparison.Ordinal);
        Assert.Null(_tunnel.Options);
    }

    [Fact]
    public async Task Start_ReportsEveryMistake_NotJustTheFirst()
    {
        var run = await _cli.RunAsync("start", "home-assistant");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("error: --url is required", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("error: --token is required", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("error: add --cloud", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartGit_RefusesAFolderThatIsNotARepository()
    {
        var run = await _cli.RunAsync("start", "git", "--repo", _folder, "--temp");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains($"error: --repo: {_folder} is not in a git repository (no .git here or above)", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFilesystem_ExpandsTheHomeFolder_BeforeCheckingThePath()
    {
        _cli.Environment.Set(EnvironmentVariables.Home, _folder);

        var run = await _cli.RunAsync("start", "filesystem", "--path", "~/missing", "--temp");

        Assert.Contains($"error: --path: the folder {Path.Combine(_folder, "missing")} does not exist", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCloud_WithoutAnAccountKey_ExitsNotSignedIn_BeforeStartingAnything()
    {
        var run = await _cli.RunAsync("start", "filesystem", "--path", _folder, "--cloud", "--server", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.AuthenticationFailed, run.ExitCode);
        Assert.Contains("error: --cloud needs an account on http://127.0.0.1:9", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("or use --temp", run.StdErr, StringComparison.Ordinal);
        Assert.Null(_tunnel.Options);
    }

    [Theory]
    [InlineData(new[] { "start", "ftp", "--temp" }, "ftp", "mcp-bridge start --help")]
    [InlineData(new[] { "start", "filesystem", "--path", ".", "--temp", "--port", "70000" }, "--port must be between 1 and 65535", "mcp-bridge start filesystem --help")]
    public async Task Start_ParseErrors_ExitWithUsageErrorAndHint(string[] args, string expected, string help)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(expected, run.StdErr, StringComparison.Ordinal);
        Assert.Contains($"hint: see `{help}`", run.StdErr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
