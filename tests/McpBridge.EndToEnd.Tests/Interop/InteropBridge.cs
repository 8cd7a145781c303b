using McpBridge.ConformanceTools;
using McpBridge.Connectors;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.EndToEnd.Tests.Interop;

/// <summary>
/// A running gateway with three deployed servers serving the conformance fixtures from (a) an in-process connector,
/// (b) a stdio child process (an admin-approved package), (c) a remote MCP server over HTTP (another process).
/// </summary>
public abstract class InteropBridge(DatabaseProvider provider) : IAsyncLifetime
{
    private ConformanceToolsProcess? _remote;

    public TestBridge Bridge { get; private set; } = null!;
    public TestAccount Account { get; private set; } = null!;
    public Deployed InProcess { get; private set; } = null!;
    public Deployed Stdio { get; private set; } = null!;
    public Deployed Remote { get; private set; } = null!;

    public static string ConformanceToolsDll => ConformanceToolsProcess.DllPath;

    public async Task InitializeAsync()
    {
        _remote = await ConformanceToolsProcess.StartHttpAsync();
        var remoteUrl = _remote.Url;
        var remoteAuthority = new Uri(remoteUrl).Authority;
        Bridge = await TestBridge.StartAsync(provider, options =>
        {
            options.Settings["Egress:AllowedHosts:0"] = remoteAuthority;
            options.Settings["Packages:Definitions:0:Id"] = "conformance-stdio";
            options.Settings["Packages:Definitions:0:Name"] = "Conformance tools (stdio)";
            options.Settings["Packages:Definitions:0:Description"] = "The conformance fixtures in a child process (tests only).";
            options.Settings["Packages:Definitions:0:Command"] = "dotnet";
            options.Settings["Packages:Definitions:0:Args:0"] = ConformanceToolsDll;
            options.Settings["Packages:Definitions:0:Args:1"] = "stdio";
            options.ConfigureServices.Add(services => services.AddSingleton<IConnector, ConformanceConnector>());
        });
        var admin = await Bridge.SignupAsync("admin");
        Account = await Bridge.SignupAsync("interop");
        await admin.SetPlanAsync(Account.AccountId, "enterprise");

        InProcess = await DeployAsync("conformance-inprocess", "conformance", null);
        Stdio = await DeployAsync("conformance-stdio", "conformance-stdio", null);
        Remote = await DeployAsync("conformance-remote", "remote", new { url = remoteUrl });
    }

    private async Task<Deployed> DeployAsync(string name, string connector, object? config)
    {
        var (server, key, deploy) = await Account.DeployedServerAsync(name, (connector, config));
        var source = Assert.Single(deploy.Sources);
        Assert.True(source.Status == "ready", $"{name}: source {source.Name} is {source.Status}: {source.Error}");
        return new Deployed(server, key, $"{Bridge.BaseUri}s/{server.Slug}/mcp", $"{Bridge.BaseUri}s/{server.Slug}/sse");
    }

    public async Task DisposeAsync()
    {
        await Bridge.DisposeAsync();
        if (_remote is not null)
        {
            await _remote.DisposeAsync();
        }
    }

    /// <summary>A deployed server, its key and its endpoints on 127.0.0.1.</summary>
    public sealed record Deployed(ServerInfo Server, KeyCreated Key, string Mcp, string Sse)
    {
        public string McpWithKey => $"{Mcp}?key={Key.Key}";

        public Dictionary<string, string> Bearer => new() { ["Authorization"] = $"Bearer {Key.Key}" };
    }
}

public sealed class SqliteInteropBridge() : InteropBridge(DatabaseProvider.Sqlite);

public sealed class PostgresInteropBridge() : InteropBridge(DatabaseProvider.Postgres);
