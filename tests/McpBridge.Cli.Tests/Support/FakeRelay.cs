using System.Collections.Concurrent;
using System.Net;
using System.Text;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;
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
/// The relay's side of the tunnel protocol and nothing more, on Kestrel (127.0.0.1, a free port): it accepts the
/// agent's WebSocket at <c>/api/v1/tunnels/connect</c>, welcomes it with a name and URL the way the relay does, and
/// lets a test send public requests through it. No accounts, names or metering: the real relay is tested with
/// the server; this one proves that <c>start</c> and the SDK's agent serve what arrives.
/// </summary>
internal sealed class FakeRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<TunnelConnection> _agent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeRelay(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public string Url => BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>The query and Authorization header of each agent connection.</summary>
    public ConcurrentQueue<(string Query, string? Authorization)> Connects { get; } = new();

    /// <summary>Completes when an agent is connected and welcomed.</summary>
    public Task<TunnelConnection> Agent => _agent.Task;

    public static async Task<FakeRelay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var relay = new FakeRelay(app);
        app.UseWebSockets();
        app.Map(TunnelConnectQuery.Path, relay.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        relay.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return relay;
    }

    /// <summary>Sends a public request through the agent's tunnel; returns the status, headers and body.</summary>
    public async Task<(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)> SendAsync(
        string method, string target, IEnumerable<KeyValuePair<string, string>> headers, string? body, CancellationToken cancellationToken)
    {
        var agent = await Agent.WaitAsync(cancellationToken);
        var head = new TunnelRequestHead(method, target, [.. headers]);
        await using var stream = await agent.OpenStreamAsync(head, endOfBody: body is null, cancellationToken);
        if (body is not null)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(body), cancellationToken);
            await stream.CompleteWritesAsync(cancellationToken);
        }

        var response = await stream.Response.WaitAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return (response.Status, response.Headers, await reader.ReadToEndAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null;
        Connects.Enqueue((context.Request.QueryString.Value ?? string.Empty, authorization));
        var temporary = context.Request.Query[TunnelConnectQuery.Temporary] == "true";
        var requested = context.Request.Query[TunnelConnectQuery.Name].ToString();
        var name = temporary ? $"temp-{(requested.Length > 0 ? requested + "-" : string.Empty)}a1b2c3" : requested;

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await using var connection = new TunnelConnection(socket);
        var reading = connection.RunAsync(context.RequestAborted);
        await connection.SendNoticeAsync(new TunnelNotice
        {
            Kind = TunnelNotice.Welcome,
            Name = name,
            Url = $"http://{name}.relay.test/",
            ExpiresAt = temporary ? DateTimeOffset.UtcNow.AddHours(2) : null,
        }, context.RequestAborted);
        _agent.TrySetResult(connection);
        await reading;
    }
}
