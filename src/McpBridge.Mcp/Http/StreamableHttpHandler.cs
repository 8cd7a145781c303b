using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Http;

/// <summary>
/// Streamable HTTP on one endpoint, for both protocol eras: 2026-07-28 requests are served statelessly (a
/// server per request, per-request metadata, <c>Mcp-Method</c>/<c>Mcp-Name</c> headers); 2025-era clients
/// initialize a session (<c>Mcp-Session-Id</c>) and may open a GET stream and DELETE it.
/// </summary>
internal sealed class StreamableHttpHandler(
    McpSessionStore sessions,
    McpSessionBroker broker,
    IOptions<McpHttpOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory)
{
    // How long a listen request closed at shutdown may take to send its result before it is cut off.
    private static readonly TimeSpan ListenCloseGrace = TimeSpan.FromSeconds(2);

    private const string SessionNotFound = "Session not found: it expired or was closed. Initialize a new session.";

    private static readonly string[] s_removedInStatelessEra =
    [
        RequestMethods.Initialize, RequestMethods.Ping, RequestMethods.LoggingSetLevel,
        RequestMethods.ResourcesSubscribe, RequestMethods.ResourcesUnsubscribe,
    ];

    private readonly IMcpRequestGate? _gate = services.GetService<IMcpRequestGate>();

    public async Task HandlePostAsync(HttpContext context)
    {
        if (await McpHttpErrors.FindTargetAsync(context) is not { } feature)
        {
            return;
        }

        if (!AcceptsJsonAndEventStream(context.Request))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, McpHttpErrors.ServerError,
                "Not Acceptable: the client must accept both application/json and text/event-stream (send 'Accept: application/json, text/event-stream').");
            return;
        }

        var read = await McpRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        if (read.Message is not { } message)
        {
            await McpHttpErrors.WriteAsync(context, read.StatusCode, read.ErrorCode, read.Error!);
            return;
        }

        var id = message is JsonRpcRequest r ? r.Id : default;
        var protocolVersion = context.Request.Headers[McpProtocol.ProtocolVersionHeader].ToString();
        if (protocolVersion.Length > 0 && !McpProtocol.IsSupported(protocolVersion))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpHttpErrors.UnsupportedProtocolVersion,
                $"Bad Request: unsupported MCP-Protocol-Version '{protocolVersion}'.", id,
                new { supported = McpProtocol.SupportedVersions, requested = protocolVersion });
            return;
        }

        if (protocolVersion.Length > 0)
        {
            message.Context ??= new JsonRpcMessageContext();
            message.Context.ProtocolVersion = protocolVersion;
        }

        if (McpProtocol.IsStateless(protocolVersion))
        {
            await HandleStatelessPostAsync(context, feature, message, id, protocolVersion);
            return;
        }

        var sessionId = context.Request.Headers[McpProtocol.SessionIdHeader].ToString();
        McpHttpSession.Reference reference;
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize } initialize)
            {
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpHttpErrors.ServerError,
                    "Bad Request: Mcp-Session-Id header is required. Start with an initialize request, or send MCP-Protocol-Version: 2026-07-28 for stateless requests.", id);
                return;
            }

            // Before the session exists: a refused initialize must not leave one open (and counted in MaxSessions).
            if (!await PassesGateAsync(context, feature, initialize))
            {
                return;
            }

            sessionId = McpSessionStore.NewSessionId();
            reference = await broker.OpenAsync(feature, sessionId, new StreamableHttpServerTransport(loggerFactory) { SessionId = sessionId });
            context.Response.Headers[McpProtocol.SessionIdHeader] = sessionId;
        }
        else
        {
            if (await broker.FindAsync<StreamableHttpServerTransport>(context, feature, sessionId, id, SessionNotFound) is not { } found)
            {
                return;
            }

            reference = found;
            context.Response.Headers[McpProtocol.SessionIdHeader] = sessionId;
            if (message is JsonRpcRequest request && !await PassesGateAsync(context, feature, request))
            {
                reference.Dispose();
                return;
            }
        }

        using var held = reference;
        var session = reference.Session;
        var transport = (StreamableHttpServerTransport)session.Transport;
        InitializeSseResponse(context);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Lifetime);
        try
        {
            var wroteResponse = await transport.HandlePostRequestAsync(message, context.Response.Body, aborted.Token);
            if (!wroteResponse)
            {
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away, or the session was closed under it.
        }
    }

    public async Task HandleGetAsync(HttpContext context)
    {
        if (await McpHttpErrors.FindTargetAsync(context) is not { } feature)
        {
            return;
        }

        var protocolVersion = context.Request.Headers[McpProtocol.ProtocolVersionHeader].ToString();
        if (McpProtocol.IsStateless(protocolVersion))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, McpHttpErrors.ServerError,
                $"Method Not Allowed: protocol version {protocolVersion} has no GET stream; use POST.");
            return;
        }

        var sessionId = context.Request.Headers[McpProtocol.SessionIdHeader].ToString();
        if (sessionId.Length == 0)
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, McpHttpErrors.ServerError,
                "Method Not Allowed: a GET stream needs an Mcp-Session-Id. Initialize a session with POST first. (For the legacy SSE transport use the /sse endpoint.)");
            return;
        }

        if (!context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.Ordinal)))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, McpHttpErrors.ServerError,
                "Not Acceptable: the client must accept text/event-stream.");
            return;
        }

        if (await broker.FindAsync<StreamableHttpServerTransport>(context, feature, sessionId, default, SessionNotFound) is not { } reference)
        {
            return;
        }

        using var held = reference;
        var session = reference.Session;
        context.Response.Headers[McpProtocol.SessionIdHeader] = session.Id;
        switch (session.TryStartGetStream())
        {
            case GetStreamClaim.AlreadyOpen:
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status409Conflict, McpHttpErrors.ServerError,
                    "Conflict: this session already has an open GET stream.");
                return;
            case GetStreamClaim.AlreadyUsed:
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status409Conflict, McpHttpErrors.ServerError,
                    "Conflict: this session's GET stream was closed and cannot be reopened; responses still arrive on each POST. Initialize a new session for a new GET stream.");
                return;
        }

        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Lifetime, lifetime.ApplicationStopping);
        try
        {
            // The transport flushes the headers itself once it is ready to write to this stream, so a client that
            // sees them knows no notification sent from then on can be missed.
            InitializeSseResponse(context);
            await ((StreamableHttpServerTransport)session.Transport).HandleGetRequestAsync(context.Response.Body, stream.Token);
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // Clients close GET streams by disconnecting.
        }
        finally
        {
            session.EndGetStream();
        }
    }

    public async Task HandleDeleteAsync(HttpContext context)
    {
        var feature = context.Features.Get<McpTargetFeature>();
        var protocolVersion = context.Request.Headers[McpProtocol.ProtocolVersionHeader].ToString();
        if (McpProtocol.IsStateless(protocolVersion))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, McpHttpErrors.ServerError,
                $"Method Not Allowed: protocol version {protocolVersion} has no sessions to delete; use POST.");
            return;
        }

        var sessionId = context.Request.Headers[McpProtocol.SessionIdHeader].ToString();
        if (feature is null || sessionId.Length == 0)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpHttpErrors.ServerError,
                "Bad Request: DELETE ends a session and needs an Mcp-Session-Id header.");
            return;
        }

        if (await broker.FindAsync<StreamableHttpServerTransport>(context, feature, sessionId, default, SessionNotFound) is not { } reference)
        {
            return;
        }

        using var held = reference;
        var session = reference.Session;
        context.Response.Headers[McpProtocol.SessionIdHeader] = session.Id;
        if (sessions.TryRemove(session))
        {
            await session.DisposeAsync();
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task HandleStatelessPostAsync(HttpContext context, McpTargetFeature feature, JsonRpcMessage message, RequestId id, string protocolVersion)
    {
        if (context.Request.Headers.ContainsKey(McpProtocol.SessionIdHeader))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpHttpErrors.ServerError,
                $"Bad Request: protocol version {protocolVersion} has no sessions; do not send Mcp-Session-Id.", id);
            return;
        }

        if (ValidateStatelessEnvelope(context, message, protocolVersion) is { } problem)
        {
            await McpHttpErrors.WriteAsync(context, problem.Status, problem.Code, problem.Message, id);
            return;
        }

        if (message is JsonRpcRequest removed && s_removedInStatelessEra.Contains(removed.Method, StringComparer.Ordinal))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, McpHttpErrors.MethodNotFound,
                $"Method '{removed.Method}' is not available in protocol version {protocolVersion}.", id);
            return;
        }

        if (message is JsonRpcRequest request && !await PassesGateAsync(context, feature, request))
        {
            return;
        }

        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, feature.Target.CreateServerOptions(stateless: true), loggerFactory, context.RequestServices);

        // A held-open subscriptions/listen ends when the host stops (it would hold up shutdown until that times out):
        // closed with its result, so that the client knows it ended rather than broke, and cut off if that has not
        // happened shortly after. Other requests are left to finish.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var onStopping = message is JsonRpcRequest { Method: RequestMethods.SubscriptionsListen }
            ? lifetime.ApplicationStopping.Register(static state => _ = CloseOnStoppingAsync(((IMcpTarget, CancellationTokenSource))state!), (feature.Target, done))
            : default;
        var run = server.RunAsync(done.Token);
        try
        {
            InitializeSseResponse(context);
            var wroteResponse = await transport.HandlePostRequestAsync(message, context.Response.Body, first =>
            {
                // Some JSON-RPC errors map to HTTP statuses in this revision; the status must be set before the body.
                if (first is JsonRpcError { Error: { } error } && !context.Response.HasStarted)
                {
                    context.Response.StatusCode = error.Code switch
                    {
                        McpHttpErrors.MethodNotFound => StatusCodes.Status404NotFound,
                        McpHttpErrors.UnsupportedProtocolVersion or McpHttpErrors.HeaderMismatch => StatusCodes.Status400BadRequest,
                        (int)McpErrorCode.MissingRequiredClientCapability => StatusCodes.Status400BadRequest,
                        _ => context.Response.StatusCode,
                    };
                }

                return ValueTask.CompletedTask;
            }, done.Token);
            if (!wroteResponse)
            {
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
        finally
        {
            await server.DisposeAsync();
            await transport.DisposeAsync();
            await done.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The host is stopping: the listener ends with its result, or is cut off after <see cref="ListenCloseGrace"/>.</summary>
    private static async Task CloseOnStoppingAsync((IMcpTarget Target, CancellationTokenSource Done) state)
    {
        try
        {
            // A target that closed none (it keeps no listeners) gets no grace: nothing would end this request.
            var closed = await state.Target.CloseListenersAsync();
            state.Done.CancelAfter(closed > 0 ? ListenCloseGrace : TimeSpan.Zero);
        }
        catch (ObjectDisposedException)
        {
            // The request has finished already.
        }
    }

    private static (int Status, int Code, string Message)? ValidateStatelessEnvelope(HttpContext context, JsonRpcMessage message, string protocolVersion)
    {
        var (method, parameters) = message switch
        {
            JsonRpcRequest request => (request.Method, request.Params),
            JsonRpcNotification notification => (notification.Method, notification.Params),
            _ => (null, null),
        };
        if (method is null)
        {
            return null;
        }

        var headerMethod = context.Request.Headers[McpProtocol.MethodHeader].ToString().Trim();
        if (headerMethod.Length == 0)
        {
            return (StatusCodes.Status400BadRequest, McpHttpErrors.HeaderMismatch, "Bad Request: the Mcp-Method header is required.");
        }

        if (!string.Equals(headerMethod, method, StringComparison.Ordinal))
        {
            return (StatusCodes.Status400BadRequest, McpHttpErrors.HeaderMismatch,
                $"Header mismatch: Mcp-Method '{headerMethod}' does not match the body's method '{method}'.");
        }

        var nameParameter = method switch
        {
            RequestMethods.ToolsCall or RequestMethods.PromptsGet => "name",
            RequestMethods.ResourcesRead => "uri",
            _ => null,
        };
        if (nameParameter is not null)
        {
            var headerName = context.Request.Headers[McpProtocol.NameHeader].ToString().Trim();
            var bodyName = (parameters as JsonObject)?[nameParameter] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (headerName.Length == 0)
            {
                return (StatusCodes.Status400BadRequest, McpHttpErrors.HeaderMismatch, "Bad Request: the Mcp-Name header is required for " + method + ".");
            }

            if (!string.Equals(DecodeHeader(headerName), bodyName, StringComparison.Ordinal))
            {
                return (StatusCodes.Status400BadRequest, McpHttpErrors.HeaderMismatch,
                    $"Header mismatch: Mcp-Name '{headerName}' does not match the body's {nameParameter} '{bodyName}'.");
            }
        }

        if (message is not JsonRpcRequest)
        {
            return null;
        }

        var meta = (parameters as JsonObject)?["_meta"] as JsonObject;
        var metaVersion = meta?["io.modelcontextprotocol/protocolVersion"] is JsonValue mv && mv.TryGetValue(out string? version) ? version : null;
        if (metaVersion is null)
        {
            return (StatusCodes.Status400BadRequest, McpHttpErrors.InvalidParams,
                $"Requests using protocol version '{protocolVersion}' must include '_meta/io.modelcontextprotocol/protocolVersion'.");
        }

        if (!string.Equals(metaVersion, protocolVersion, StringComparison.Ordinal))
        {
            return (StatusCodes.Status400BadRequest, McpHttpErrors.HeaderMismatch,
                $"Header mismatch: MCP-Protocol-Version '{protocolVersion}' does not match _meta protocolVersion '{metaVersion}'.");
        }

        if (meta?["io.modelcontextprotocol/clientCapabilities"] is not JsonObject)
        {
            return (StatusCodes.Status400BadRequest, McpHttpErrors.InvalidParams,
                $"Requests using protocol version '{protocolVersion}' must include '_meta/io.modelcontextprotocol/clientCapabilities' as an object.");
        }

        return null;
    }

    /// <summary>Header values that are not plain ASCII travel as <c>=?base64?...?=</c>.</summary>
    private static string DecodeHeader(string value)
    {
        if (value.StartsWith("=?base64?", StringComparison.Ordinal) && value.EndsWith("?=", StringComparison.Ordinal))
        {
            try
            {
                return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value[9..^2]));
            }
            catch (FormatException)
            {
                return value;
            }
        }

        return value;
    }

    private Task<bool> PassesGateAsync(HttpContext context, McpTargetFeature feature, JsonRpcRequest request) =>
        McpGateCheck.PassesAsync(_gate, context, feature.Target, request);

    private static bool AcceptsJsonAndEventStream(HttpRequest request)
    {
        // Fast path for what clients send (e.g. "application/json, text/event-stream"): no header parsing, which
        // allocates on every request. Anything else (wildcards, parameters) goes through the full parser.
        var raw = request.Headers.Accept.ToString();
        if (raw.Contains("application/json", StringComparison.OrdinalIgnoreCase) && raw.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var accept = request.GetTypedHeaders().Accept;
        bool json = false, sse = false;
        foreach (var value in accept)
        {
            var type = value.MediaType.Value;
            if (type is "*/*")
            {
                json = sse = true;
            }
            else if (string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "application/*", StringComparison.OrdinalIgnoreCase))
            {
                json = true;
            }
            else if (string.Equals(type, "text/event-stream", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "text/*", StringComparison.OrdinalIgnoreCase))
            {
                sse = true;
            }
        }

        return json && sse;
    }

    internal static void InitializeSseResponse(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }
}
