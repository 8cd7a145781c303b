using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using McpBridge.TestSupport.Time;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>
/// A bridge whose dashboard signs in with GitHub, where GitHub is a local fake (<see cref="LocalFakeGitHubOAuth"/>), on a
/// clock that moves only when a test says so. One per test class and database; the first account (the administrator)
/// is taken by the fixture, so tests' accounts are ordinary.
/// </summary>
public abstract class GitHubBridgeFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public TestBridge Bridge { get; private set; } = null!;

    public LocalFakeGitHubOAuth GitHub { get; private set; } = null!;

    public TestAccount Admin { get; private set; } = null!;

    /// <summary>The server's clock (link tokens, device logins, sessions). Starts at the real time.</summary>
    public FakeTimeProvider Clock { get; } = DashboardClock.StartingNow();

    public async Task InitializeAsync()
    {
        GitHub = await LocalFakeGitHubOAuth.StartAsync();
        Bridge = await TestBridge.StartAsync(provider, options =>
        {
            foreach (var (key, value) in GitHub.Settings)
            {
                options.Settings[key] = value;
            }

            options.ConfigureServices.Add(services => services.AddSingleton<TimeProvider>(Clock));
        });
        Admin = await Bridge.SignupAsync("admin");
    }

    public async Task DisposeAsync()
    {
        await Bridge.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}

public sealed class SqliteGitHubBridge() : GitHubBridgeFixture(DatabaseProvider.Sqlite);

public sealed class PostgresGitHubBridge() : GitHubBridgeFixture(DatabaseProvider.Postgres);
