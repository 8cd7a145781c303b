using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.Mcp.Http;

/// <summary>
/// Runs an MCP endpoint handler so that nothing escapes as a bare 500: MCP clients parse JSON-RPC errors, not
/// HTML error pages. A cancelled request (the client went away) is not an error.
/// </summary>
internal static partial class McpEndpointGuard
{
    public static async Task RunAsync(HttpContext context, Func<HttpContext, Task> handler)
    {
        try
        {
            await handler(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits and malformed framing (body larger than the server allows, truncated chunks).
            await McpHttpErrors.WriteAsync(context, ex.StatusCode, McpHttpErrors.InvalidRequest, $"Bad Request: {ex.Message}");
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(McpEndpointGuard)), context.Request.Method, context.Request.Path, ex);
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, McpHttpErrors.InternalError,
                "Internal error: the server could not handle this request.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "MCP {Method} {Path} failed")]
        public static partial void HandlerFailed(ILogger logger, string method, PathString path, Exception exception);
    }
}
