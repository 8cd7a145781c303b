using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace McpBridge.ServerTesting;

/// <summary>
/// A small web app on 127.0.0.1 for a tunnel to forward to: echoes requests, streams large bodies and server-sent
/// events the test releases one by one, so tests can see exactly what crossed the tunnel.
/// </summary>
public sealed class LocalTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalTarget(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Each <c>GET /events</c> stream waits on this before writing its next event; the test releases them one at a time.</summary>
    public SemaphoreSlim EventGate { get; } = new(0);

    /// <summary>Completed when a <c>GET /events</c> request arrives.</summary>
    public TaskCompletionSource EventsStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<LocalTarget> StartAsync(int port = 0)
    {
        port = port == 0 ? FreePort() : port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.UseWebSockets();
        var target = new LocalTarget(app, port);
        app.MapGet("/hello", () => Results.Text("hello from the local target"));
        app.Map("/echo/{**rest}", async context =>
        {
            // The request as the target saw it: method, path, query, headers; then the body echoed back.
            var seen = new Dictionary<string, object?>
            {
                ["method"] = context.Request.Method,
                ["path"] = context.Request.Path.Value,
                ["query"] = context.Request.QueryString.Value,
                ["headers"] = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            };
            context.Response.Headers["X-Seen"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(seen));
            context.Response.Headers["Connection"] = "keep-alive";
            context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
            await context.Request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapPost("/sha256", async (HttpContext context) =>
        {
            // Hashes as it reads: an upload of any size, without keeping it.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return Results.Json(new { length, sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()) });
        });
        app.MapGet("/bytes/{count:long}", async (HttpContext context, long count) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = count;
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)(i * 31);
            }

            for (long sent = 0; sent < count; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, count - sent)), context.RequestAborted);
            }
        });
        app.MapGet("/events", async (HttpContext context) =>
        {
            context.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            target.EventsStarted.TrySetResult();
            for (var i = 1; !context.RequestAborted.IsCancellationRequested; i++)
            {
                await target.EventGate.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync($"id: {i}\ndata: event {i}\n\n", Encoding.UTF8, context.RequestAborted);
            }
        });
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            // Echoes each message back, upper-cased, until the client closes.
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, result.Count).ToUpperInvariant();
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), System.Net.WebSockets.WebSocketMessageType.Text, true, context.RequestAborted);
            }
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/set-cookies", (HttpContext context) =>
        {
            // Each ?c= value as a Set-Cookie header of its own, as a web app behind a tunnel might send them.
            foreach (var cookie in context.Request.Query["c"])
            {
                context.Response.Headers.Append("Set-Cookie", cookie);
            }

            return Results.Text("<p>cookies</p>", "text/html");
        });
        await app.StartAsync();
        return target;
    }

    /// <summary>Prepares for another <c>GET /events</c> stream.</summary>
    public void ResetEvents() => EventsStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        EventGate.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
