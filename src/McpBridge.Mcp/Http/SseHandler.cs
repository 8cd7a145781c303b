using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    McpSessionBroker broker,
    IOptions<McpHttpOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime)
{
    private readonly IMcpRequestGate? _gate = services.GetService<IMcpRequestGate>();

    public async Task HandleSseAsync(HttpContext context)
    {
        if (await McpHttpErrors.FindTargetAsync(context) is not { } feature)
        {
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

        // The stream holds its reference for as long as it is open: an open legacy session is never idle.
        using var reference = await broker.OpenAsync(feature, sessionId, transport);
        var session = reference.Session;
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Lifetime, lifetime.ApplicationStopping);
        try
        {
            // Only now is the endpoint announced: the session is registered before a client can post to it.
            await transport.RunAsync(stream.Token);
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

        if (await broker.FindAsync<SseResponseStreamTransport>(context, feature, sessionId, default,
            "Session not found: the SSE stream was closed. Reconnect to the /sse endpoint.") is not { } reference)
        {
            return;
        }

        using var held = reference;
        var transport = (SseResponseStreamTransport)reference.Session.Transport;
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

        await transport.OnMessageReceivedAsync(message, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("Accepted", context.RequestAborted);
    }
}
