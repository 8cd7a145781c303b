using McpBridge.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Cli.Tests.Support;

/// <summary>The real cloud (<see cref="BridgeServerHost"/>) on Kestrel at a free port, with SQLite in a temporary folder.</summary>
internal sealed class BridgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private BridgeServer(WebApplication app, string dataDirectory, Uri url)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Url = url;
    }

    /// <summary>The root URL, ending in '/'.</summary>
    public Uri Url { get; }

    public static async Task<BridgeServer> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-bridge-cli-tests", "data-" + Guid.NewGuid().ToString("N"));
        var app = BridgeServerHost.Build(["--urls", "http://127.0.0.1:0", "--DataDir", dataDirectory]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BridgeServer(app, dataDirectory, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer on some systems; the temp folder is cleaned eventually.
        }
    }
}
