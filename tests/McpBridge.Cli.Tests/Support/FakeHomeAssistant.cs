using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.Cli.Tests.Support;

/// <summary>
/// Answers like Home Assistant's REST API for the one call <c>start home-assistant</c> checks with (<c>GET /api/services</c>),
/// on 127.0.0.1: 401 without the right long-lived token, as Home Assistant does. Home Assistant itself is not here.
/// </summary>
internal sealed class FakeHomeAssistant : IAsyncDisposable
{
    public const string Token = "ha-long-lived-token";

    private readonly WebApplication _app;

    private FakeHomeAssistant(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<FakeHomeAssistant> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("401: Unauthorized", context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.MapGet("/api/services", () => Results.Content("""[{"domain":"light","services":{"turn_on":{"name":"Turn on","description":"Turns a light on.","fields":{}}}}]""", "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeHomeAssistant(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
