using McpBridge.TestSupport.Databases;
using Xunit;

namespace McpBridge.ServerTesting;

/// <summary>
/// One server per test class and database, shared by its tests (each test signs up its own accounts). The first
/// account of a fresh database is the administrator: the fixture takes it, so tests' accounts are ordinary.
/// </summary>
public abstract class BridgeFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public TestBridge Bridge { get; private set; } = null!;

    public TestAccount Admin { get; private set; } = null!;

    public DatabaseProvider Provider => provider;

    protected virtual void Configure(TestBridgeOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        Bridge = await TestBridge.StartAsync(provider, Configure);
        Admin = await Bridge.SignupAsync("admin");
    }

    public async Task DisposeAsync() => await Bridge.DisposeAsync();
}

public sealed class SqliteBridge() : BridgeFixture(DatabaseProvider.Sqlite);

public sealed class PostgresBridge() : BridgeFixture(DatabaseProvider.Postgres);
