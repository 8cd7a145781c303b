using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Client.Tunnels;
using McpBridge.Server.Tests.Tunnels;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Tunnels.Relay;

/// <summary>Persistent names through the real relay: the account's key, its plan, the same URL after a restart, the answers while away.</summary>
public abstract class PersistentTunnelTests(BridgeFixture fixture) : IAsyncLifetime
{
    private LocalTarget _target = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync() => _target = await LocalTarget.StartAsync();

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        _http.Dispose();
    }

    private TestBridge Bridge => fixture.Bridge;

    private async Task<TestAccount> StarterAccountAsync()
    {
        var account = await Bridge.SignupAsync();
        await fixture.Admin.SetPlanAsync(account.AccountId, "starter");
        return account;
    }

    private CloudConnector Connector(string? key, string? name, bool temporary = false, TimeSpan? reconnect = null) => new(new CloudConnectorOptions
    {
        ServerUrl = Bridge.BaseUri,
        ApiKey = key,
        Name = name,
        Temporary = temporary,
        LocalPort = _target.Port,
        InitialReconnectDelay = reconnect ?? TimeSpan.FromSeconds(1),
        MaxReconnectDelay = reconnect ?? TimeSpan.FromSeconds(60),
    });

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task FirstConnect_ReservesTheName_AndTheUrlServes()
    {
        var account = await StarterAccountAsync();
        var name = UniqueName("notes");
        await using var connector = Connector(account.ApiKey, name);

        var connection = await connector.ConnectAsync();

        Assert.Equal(name, connection.Subdomain);
        Assert.Null(connection.ExpiresAt);
        Assert.Equal($"http://localhost:{Bridge.BaseUri.Port}/t/{name}", connection.Url.ToString().TrimEnd('/'));
        Assert.Equal("hello from the local target", await _http.GetStringAsync(new Uri(Bridge.BaseUri, $"/t/{name}/hello")));
        var list = await account.Client.GetFromJsonAsync<JsonElement>("/api/v1/tunnels");
        var listed = list.GetProperty("tunnels").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        Assert.Equal("online", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AgentAway_Answers503WithJson_NeverHangs()
    {
        var account = await StarterAccountAsync();
        var name = UniqueName("away");
        await using (var connector = Connector(account.ApiKey, name))
        {
            await connector.ConnectAsync();
        }

        var response = await _http.GetAsync(new Uri(Bridge.BaseUri, $"/t/{name}/hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tunnel_offline", problem.GetProperty("code").GetString());
        Assert.Contains("offline", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RelayRestart_AgentComesBackWithTheSameUrl_And503Meanwhile()
    {
        var account = await StarterAccountAsync();
        var name = UniqueName("restart");
        // A long first delay, so that the restarted relay is seen without its agent before the agent returns.
        await using var connector = Connector(account.ApiKey, name, reconnect: TimeSpan.FromSeconds(10));
        var first = await connector.ConnectAsync();
        var reconnecting = new TaskCompletionSource<CloudReconnectingEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource<CloudConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        connector.Reconnecting += (_, e) => reconnecting.TrySetResult(e);
        connector.Reconnected += (_, e) => reconnected.TrySetResult(e.Connection);

        await Bridge.StopAsync();
        await reconnecting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Bridge.StartAsync();
        var during = await _http.GetAsync(new Uri(Bridge.BaseUri, $"/t/{name}/hello"));
        var back = await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var after = await _http.GetStringAsync(new Uri(Bridge.BaseUri, $"/t/{name}/hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("tunnel_offline", (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(first.Url, back.Url);
        Assert.Equal("hello from the local target", after);
        Assert.True(connector.IsConnected);
    }

    [Fact]
    public async Task Refusals_AreClearErrors_AndNotRetried()
    {
        var owner = await StarterAccountAsync();
        var other = await StarterAccountAsync();
        var free = await Bridge.SignupAsync();
        var name = UniqueName("owned");
        await owner.ReserveTunnelAsync(name);

        await using var taken = Connector(other.ApiKey, name);
        var takenError = await Assert.ThrowsAsync<CloudConnectorException>(() => taken.ConnectAsync());
        Assert.Equal(409, takenError.Status);
        Assert.Contains(name, takenError.Message);

        await using var invalid = Connector(owner.ApiKey, "Bad_Name!");
        var invalidError = await Assert.ThrowsAsync<CloudConnectorException>(() => invalid.ConnectAsync());
        Assert.Equal(400, invalidError.Status);

        await using var badKey = Connector("mcpb_ak_notarealkey000000000000000000", UniqueName("x"));
        var badKeyError = await Assert.ThrowsAsync<CloudConnectorException>(() => badKey.ConnectAsync());
        Assert.Equal(401, badKeyError.Status);

        await using var freePlan = Connector(free.ApiKey, UniqueName("free"));
        var planError = await Assert.ThrowsAsync<CloudConnectorException>(() => freePlan.ConnectAsync());
        Assert.Equal(403, planError.Status);
        Assert.Equal("plan_limit", planError.Code);
        Assert.Contains("Starter", planError.Message);

        Assert.Throws<ArgumentException>(() => Connector(null, UniqueName("nokey")));
    }

    [Fact]
    public async Task KeyRevokedWhileAway_ReconnectGivesUp_WithAFatalError()
    {
        var account = await StarterAccountAsync();
        var name = UniqueName("revoked");
        await using var connector = Connector(account.ApiKey, name, reconnect: TimeSpan.FromMilliseconds(200));
        await connector.ConnectAsync();
        var fatal = new TaskCompletionSource<CloudErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        connector.Error += (_, e) =>
        {
            if (e.IsFatal)
            {
                fatal.TrySetResult(e);
            }
        };

        // The name is released by its owner: the agent is told and must not come back.
        (await account.Client.DeleteAsync($"/api/v1/tunnels/{name}")).EnsureSuccessStatusCode();

        var error = await fatal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(connector.IsConnected);
        Assert.Contains("released", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SqlitePersistentTunnelTests(SqliteBridge fixture) : PersistentTunnelTests(fixture), IClassFixture<SqliteBridge>;

public sealed class PostgresPersistentTunnelTests(PostgresBridge fixture) : PersistentTunnelTests(fixture), IClassFixture<PostgresBridge>;
