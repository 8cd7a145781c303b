using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Http;

/// <summary>
/// The legacy HTTP+SSE transport (2024-11-05): <c>GET .../sse</c> opens the event stream and names the message
/// endpoint; <c>POST .../message?sessionId=</c> carries client messages, answered on the stream.
/// </summary>
internal sealed class SseHandler(
    McpSessionStore sessions,
    IOptions<McpHttpOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly IMcpRequestGate? _gate = services.GetService<IMcpRequestGate>();

    public async Task HandleSseAsync(HttpContext context)
    {
        var feature = context.Features.Get<McpTargetFeature>();
        if (feature is null)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, McpHttpErrors.ServerError, "Not Found: no MCP server here.");
            return;
        }

        var sessionId = McpSessionStore.NewSessionId();
        var path = context.Request.PathBase + context.Request.Path;
        var messageEndpoint = path.Value!.EndsWith("/sse", StringComparison.Ordinal)
            ? $"{path.Value[..^"/sse".Length]}/message?sessionId={sessionId}"
            : $"message?sessionId={sessionId}";

        StreamableHttpHandler.InitializeSseResponse(context);
        if (!string.IsNullOrEmpty(feature.MessageEndpointQuery))
        {
            messageEndpoint += "&" + feature.MessageEndpointQuery;
        }

        var transport = new SseResponseStreamTransport(context.Response.Body, messageEndpoint, sessionId);
        var session = new McpHttpSession(sessionId, feature.Target, feature.Principal, transport, timeProvider);
        using var reference = session.AcquireReference();
        session.Server = McpServer.Create(transport, feature.Target.CreateServerOptions(stateless: false), loggerFactory, services);
        sessions.TryAdd(session);
        feature.Target.OnSessionStarted(sessionId, session.Server);

        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Lifetime, lifetime.ApplicationStopping);
        try
        {
            var transportTask = transport.RunAsync(stream.Token);
            session.RunTask = session.Server.RunAsync(stream.Token);
            await transportTask;
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // The client disconnected: that ends a legacy SSE session.
        }
        finally
        {
            if (sessions.TryRemove(session))
            {
                await session.DisposeAsync();
            }
        }
    }

    public async Task HandleMessageAsync(HttpContext context)
    {
        var feature = context.Features.Get<McpTargetFeature>();
        var sessionId = context.Request.Query["sessionId"].ToString();
        if (feature is null || sessionId.Length == 0)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpHttpErrors.ServerError,
                "Bad Request: the sessionId query parameter is required (it comes in the SSE stream's endpoint event).");
            return;
        }

        if (!sessions.TryGet(sessionId, out var session) || session.Transport is not SseResponseStreamTransport transport || session.IsDisposed)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, McpHttpErrors.SessionNotFound,
                "Session not found: the SSE stream was closed. Reconnect to the /sse endpoint.");
            return;
        }

        if (session.Target.Id != feature.Target.Id || session.Principal != feature.Principal)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpHttpErrors.ServerError,
                "Forbidden: this session belongs to another server or another key.");
            return;
        }

        var read = await McpRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        if (read.Message is not { } message)
        {
            await McpHttpErrors.WriteAsync(context, read.StatusCode, read.ErrorCode, read.Error!);
            return;
        }

        if (message is JsonRpcRequest request && !await McpGateCheck.PassesAsync(_gate, context, feature.Target, request))
        {
            return;
        }

        using var reference = session.AcquireReference();
        await transport.OnMessageReceivedAsync(message, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("Accepted", context.RequestAborted);
    }
}
