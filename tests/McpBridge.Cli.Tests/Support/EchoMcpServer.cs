using System.Net;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Http;
using McpBridge.Mcp.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Cli.Tests.Support;

/// <summary>
/// A real MCP endpoint on Kestrel (127.0.0.1, a free port) built from the project's own MCP library: a composite
/// server over an in-process source with an <c>echo</c> tool, an <c>ask</c> tool that samples the client, and a
/// <c>hang</c> tool that never answers (to see what happens to a call in flight when the server goes away).
/// Requests need <c>Authorization: Bearer test-key</c>.
/// </summary>
internal sealed class EchoMcpServer : IAsyncDisposable
{
    public const string Key = "test-key";

    private readonly WebApplication _app;

    private EchoMcpServer(WebApplication app, Uri baseUrl, Task hangStarted)
    {
        _app = app;
        BaseUrl = baseUrl;
        HangStarted = hangStarted;
    }

    /// <summary>Completes when a call of the <c>hang</c> tool has reached the server.</summary>
    public Task HangStarted { get; }

    public Uri BaseUrl { get; }

    public Uri McpUrl => new(BaseUrl, "mcp");

    public Uri SseUrl => new(BaseUrl, "sse");

    public static async Task<EchoMcpServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddMcpHttpTransports();
        var app = builder.Build();

        var echo = McpServerTool.Create(
            (string message) => "echo: " + message,
            new McpServerToolCreateOptions { Name = "echo", Description = "Returns the message it is given." });
        var ask = McpServerTool.Create(
            async (McpServer server, string question, CancellationToken ct) =>
            {
                var answer = await server.SampleAsync(
                    new CreateMessageRequestParams
                    {
                        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = question }] }],
                        MaxTokens = 50,
                    },
                    ct);
                return "sampled: " + string.Concat(answer.Content.OfType<TextContentBlock>().Select(t => t.Text));
            },
            new McpServerToolCreateOptions { Name = "ask", Description = "Asks the client's model a question (sampling)." });

        var hangStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = McpServerTool.Create(
            async (CancellationToken ct) =>
            {
                hangStarted.TrySetResult();
                await new TaskCompletionSource().Task.WaitAsync(ct);
                return "unreachable";
            },
            new McpServerToolCreateOptions { Name = "hang", Description = "Never answers." });

        var composite = new CompositeServer("test", new CompositeSnapshot(1, [new CompositeSource("echo", "echo", new InProcessSource([echo, ask, hang]))]));

        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + Key)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(
                    new { jsonrpc = "2.0", id = (string?)null, error = new { code = -32001, message = "Unauthorized: a valid key is required." } },
                    context.RequestAborted);
                return;
            }

            context.Features.Set(new McpTargetFeature(composite, "test"));
            await next(context);
        });
        app.MapMcpTransports();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EchoMcpServer(app, new Uri(address.TrimEnd('/') + "/"), hangStarted.Task);
    }

    /// <summary>Stops at once, cutting open connections instead of waiting for them to finish.</summary>
    public async Task KillAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
