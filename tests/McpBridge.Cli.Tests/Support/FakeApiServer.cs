using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
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
/// An HTTP server on Kestrel (127.0.0.1, a free port) that answers REST routes with what a test scripts, in the
/// shape of the API contract, and records every request. It tests how the client and CLI handle answers; the
/// real server's behaviour is covered by the end-to-end suite.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes;

    private FakeApiServer(WebApplication app, ConcurrentDictionary<string, Func<HttpContext, Task>> routes, ConcurrentQueue<RecordedRequest> requests, Uri baseUrl)
    {
        _app = app;
        _routes = routes;
        Requests = requests;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The base URL as the CLI prints it (no trailing slash).</summary>
    public string Url => BaseUrl.AbsoluteUri.TrimEnd('/');

    public ConcurrentQueue<RecordedRequest> Requests { get; }

    public static async Task<FakeApiServer> StartAsync()
    {
        var routes = new ConcurrentDictionary<string, Func<HttpContext, Task>>(StringComparer.Ordinal);
        var requests = new ConcurrentQueue<RecordedRequest>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            var authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null;
            requests.Enqueue(new RecordedRequest(context.Request.Method, rawTarget, authorization, body));

            var path = rawTarget.Split('?', 2)[0];
            if (routes.TryGetValue($"{context.Request.Method} {path}", out var handler))
            {
                await handler(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync(
                JsonSerializer.Serialize(new { title = "Not Found", status = 404, detail = $"No fake route for {context.Request.Method} {path}.", code = "not_found" }),
                context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeApiServer(app, routes, requests, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with <paramref name="body"/> as JSON.</summary>
    public FakeApiServer Json(string method, string path, object body, int status = StatusCodes.Status200OK) =>
        Route(method, path, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(body, body.GetType(), s_json), context.RequestAborted);
        });

    /// <summary>Answers with an <c>application/problem+json</c> body.</summary>
    public FakeApiServer Problem(string method, string path, int status, object problem, string? retryAfter = null) =>
        Route(method, path, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/problem+json";
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsync(JsonSerializer.Serialize(problem, problem.GetType(), s_json), context.RequestAborted);
        });

    /// <summary>Answers with a status and no body (204 by default).</summary>
    public FakeApiServer Empty(string method, string path, int status = StatusCodes.Status204NoContent) =>
        Route(method, path, context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });

    public FakeApiServer Route(string method, string path, Func<HttpContext, Task> handler)
    {
        _routes[$"{method} {path}"] = handler;
        return this;
    }

    public RecordedRequest Single(string method, string pathPrefix) =>
        Assert.Single(Requests, r => r.Method == method && r.RawTarget.StartsWith(pathPrefix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
