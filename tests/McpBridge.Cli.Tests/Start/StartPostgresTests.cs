using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.TestSupport.Databases;
using Npgsql;

namespace McpBridge.Cli.Tests.Start;

/// <summary><c>start postgres</c> against the real local PostgreSQL, with a fake tunnel agent: the database is checked before connecting.</summary>
[Collection(CliCollection.Name)]
public sealed class StartPostgresTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private readonly CancellationTokenSource _ctrlC = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task StartPostgres_TakesAUri_AndServesTheDatabasesTools()
    {
        var settings = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var uri = $"postgresql://{Uri.EscapeDataString(settings.Username!)}:{Uri.EscapeDataString(settings.Password!)}@{settings.Host}:{settings.Port}/{settings.Database}";
        var tunnel = FakeTunnelAgent.Answering("https://temp-a1b2c3d4.bridge.test/", "temp-a1b2c3d4", DateTimeOffset.UtcNow.AddHours(2));
        _cli.TunnelFactory = tunnel.Factory;

        var run = _cli.RunUntilStoppedAsync(_ctrlC.Token, "start", "postgres", "--connection", uri, "--temp", "--server", "http://127.0.0.1:9");
        await tunnel.ConnectCalled;
        await _ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(@"✓ PostgreSQL server on http://127\.0\.0\.1:\d+ \(4 tools\)", result.StdOut);
        Assert.DoesNotContain(settings.Password!, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartPostgres_WithAWrongPassword_FailsBeforeConnecting_WithoutShowingIt()
    {
        var settings = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = "not-the-password-4711" };
        var tunnel = FakeTunnelAgent.Answering("https://never.bridge.test/", "never");
        _cli.TunnelFactory = tunnel.Factory;

        var result = await _cli.RunAsync("start", "postgres", "--connection", settings.ConnectionString, "--temp", "--server", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("error: the PostgreSQL server is not working:", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("password", result.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not-the-password-4711", result.StdErr, StringComparison.Ordinal);
        Assert.Null(tunnel.Options);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _cli.Dispose();
        _ctrlC.Dispose();
    }
}
