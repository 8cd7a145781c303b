using McpBridge.Cli.Commands.Start;
using McpBridge.Cli.Configuration;
using McpBridge.Client;
using McpBridge.Client.Tunnels;
using McpBridge.Server.Hosting;

namespace McpBridge.Cli.Infrastructure;

/// <summary>
/// What commands need from the outside world: the console, the environment, the clock, the config file, a way
/// to make an API client, a way to run the cloud and a way to open a tunnel. Tests build one over a recorded console
/// and a fake environment.
/// </summary>
internal sealed class CliContext
{
    private readonly Func<Uri, string?, McpBridgeApiClient> _clientFactory;
    private readonly Func<string[], CancellationToken, Task> _serverRunner;
    private readonly Func<CloudConnectorOptions, ITunnelAgent> _tunnelFactory;

    public CliContext(
        ICliConsole console,
        ICliEnvironment environment,
        TimeProvider? time = null,
        Func<Uri, string?, McpBridgeApiClient>? clientFactory = null,
        Func<string[], CancellationToken, Task>? serverRunner = null,
        Func<CloudConnectorOptions, ITunnelAgent>? tunnelFactory = null)
    {
        Console = console;
        Environment = environment;
        Time = time ?? TimeProvider.System;
        ConfigStore = new CliConfigStore(environment);
        _clientFactory = clientFactory ?? ((server, apiKey) => new McpBridgeApiClient(server, apiKey));
        _serverRunner = serverRunner ?? BridgeServerHost.RunAsync;
        _tunnelFactory = tunnelFactory ?? (options => new CloudTunnelAgent(options));
    }

    public ICliConsole Console { get; }

    public ICliEnvironment Environment { get; }

    public TimeProvider Time { get; }

    public CliConfigStore ConfigStore { get; }

    public static CliContext CreateSystem() => new(new SystemCliConsole(), new SystemCliEnvironment());

    public McpBridgeApiClient CreateClient(Uri server, string? apiKey) => _clientFactory(server, apiKey);

    public Task RunServerAsync(string[] args, CancellationToken cancellationToken) => _serverRunner(args, cancellationToken);

    public ITunnelAgent CreateTunnel(CloudConnectorOptions options) => _tunnelFactory(options);
}
