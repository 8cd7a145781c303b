using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.Connectors.Tests.Harness;

/// <summary>A real Kestrel server on 127.0.0.1 and an ephemeral port: "the internet" for fetch and remote tests.</summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    /// <summary>127.0.0.1:port, as an <c>Egress:AllowedHosts</c> entry.</summary>
    public string HostAndPort => $"127.0.0.1:{Port}";

    public Uri Url(string path) => new(BaseAddress, path);

    public static async Task<TestWebServer> StartAsync(Action<WebApplication> map, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync(TestTimeouts.Token());
        var address = new Uri(app.Urls.Single());
        return new TestWebServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestTimeouts.Token());
        await _app.DisposeAsync();
    }
}
