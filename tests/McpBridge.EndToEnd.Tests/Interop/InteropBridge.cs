using System.Diagnostics;
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
    private Process? _remote;

    public TestBridge Bridge { get; private set; } = null!;
    public TestAccount Account { get; private set; } = null!;
    public Deployed InProcess { get; private set; } = null!;
    public Deployed Stdio { get; private set; } = null!;
    public Deployed Remote { get; private set; } = null!;

    public static string ConformanceToolsDll => Path.Combine(AppContext.BaseDirectory, "McpBridge.ConformanceTools.dll");

    public async Task InitializeAsync()
    {
        var remoteUrl = await StartRemoteAsync();
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

    private async Task<string> StartRemoteAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ConformanceToolsDll, "http", "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        _remote = Process.Start(start)!;
        _remote.ErrorDataReceived += (_, _) => { };
        _remote.BeginErrorReadLine();
        var line = await _remote.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(line?.StartsWith("http://", StringComparison.Ordinal) == true, $"the remote conformance server printed '{line}'");
        return line!.Trim();
    }

    public async Task DisposeAsync()
    {
        await Bridge.DisposeAsync();
        if (_remote is { HasExited: false })
        {
            _remote.Kill(entireProcessTree: true);
            await _remote.WaitForExitAsync();
        }

        _remote?.Dispose();
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
