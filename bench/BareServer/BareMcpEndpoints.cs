using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpBridge.Bench.BareServer;

/// <summary>
/// POST/GET/DELETE on one path, the way the SDK's own ASP.NET Core integration drives the transport: POST parses one
/// JSON-RPC message and hands it to the session's transport, which answers on the response body as SSE.
/// </summary>
internal static class BareMcpEndpoints
{
    private const string SessionHeader = "Mcp-Session-Id";

    private static readonly JsonTypeInfo<JsonRpcMessage> s_messageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    public static void MapBareMcp(this WebApplication app, string path)
    {
        app.MapPost(path, PostAsync);
        app.MapGet(path, GetAsync);
        app.MapDelete(path, DeleteAsync);
    }

    private static async Task PostAsync(HttpContext context, BareSessionStore sessions)
    {
        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(context.Request.Body, s_messageType, context.RequestAborted);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, -32700, "Parse error", context.RequestAborted);
            return;
        }

        var sessionId = context.Request.Headers[SessionHeader].ToString();
        BareSession? session;
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, -32000, "Bad Request: Mcp-Session-Id header is required", context.RequestAborted);
                return;
            }

            (sessionId, session) = sessions.Start();
            context.Response.Headers[SessionHeader] = sessionId;
        }
        else if (!sessions.TryGet(sessionId, out session))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found", context.RequestAborted);
            return;
        }

        InitializeSse(context);
        if (!await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted))
        {
            // A notification or a response carries nothing back.
            context.Response.Headers.ContentType = (string?)null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private static async Task GetAsync(HttpContext context, BareSessionStore sessions)
    {
        if (!sessions.TryGet(context.Request.Headers[SessionHeader].ToString(), out var session))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found", context.RequestAborted);
            return;
        }

        InitializeSse(context);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Clients close a GET stream by disconnecting.
        }
    }

    private static async Task DeleteAsync(HttpContext context, BareSessionStore sessions)
    {
        if (!sessions.TryRemove(context.Request.Headers[SessionHeader].ToString(), out var session))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found", context.RequestAborted);
            return;
        }

        await session.DisposeAsync();
    }

    private static void InitializeSse(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    private static Task ErrorAsync(HttpContext context, int status, int code, string message, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        var error = new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } };
        return context.Response.WriteAsJsonAsync<JsonRpcMessage>(error, s_messageType, contentType: "application/json", cancellationToken);
    }
}
