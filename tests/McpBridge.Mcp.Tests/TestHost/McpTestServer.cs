using System.Net;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>
/// The library hosted the way the product hosts it, on real Kestrel at 127.0.0.1 on a free port: the host/origin
/// policy, then a tiny middleware choosing the target (<c>/mcp</c> is the default target, <c>/t/{name}/mcp</c> a named
/// one) and the caller (header <c>X-Test-Principal</c>), then <c>MapMcpTransports</c>.
/// </summary>
internal sealed class McpTestServer : IAsyncDisposable
{
    public const string PrincipalHeader = "X-Test-Principal";

    private readonly WebApplication _app;

    private McpTestServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The default target's Streamable HTTP endpoint.</summary>
    public string Url => new Uri(BaseAddress, "mcp").ToString();

    /// <summary>The default target's legacy SSE endpoint.</summary>
    public string SseUrl => new Uri(BaseAddress, "sse").ToString();

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string UrlFor(string target) => new Uri(BaseAddress, $"t/{target}/mcp").ToString();

    public static Task<McpTestServer> StartAsync(IMcpTarget target, Action<McpTestServerOptions>? configure = null)
    {
        var options = new McpTestServerOptions();
        options.Targets[string.Empty] = target;
        configure?.Invoke(options);
        return StartAsync(options);
    }

    public static async Task<McpTestServer> StartAsync(McpTestServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        if (options.Logs is { } logs)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        if (options.TimeProvider is { } timeProvider)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        if (options.Gate is { } gate)
        {
            builder.Services.AddSingleton(gate);
        }

        builder.Services.AddMcpHttpTransports();
        builder.Services.Configure<McpHttpOptions>(http => options.ConfigureHttp?.Invoke(http));

        var app = builder.Build();
        var policy = app.Services.GetRequiredService<HostOriginPolicy>();
        app.Use(async (context, next) =>
        {
            if (!await policy.CheckAsync(context))
            {
                return;
            }

            var path = context.Request.Path.Value ?? string.Empty;
            var name = path.StartsWith("/t/", StringComparison.Ordinal) ? path[3..].Split('/')[0] : string.Empty;
            if (options.Targets.TryGetValue(name, out var target))
            {
                var principal = context.Request.Headers[PrincipalHeader].ToString();
                context.Features.Set(new McpTargetFeature(target, principal.Length == 0 ? "anonymous" : principal));
            }

            await next(context);
        });
        app.MapMcpTransports();
        app.MapMcpTransports("/t/{target}");

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new McpTestServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
