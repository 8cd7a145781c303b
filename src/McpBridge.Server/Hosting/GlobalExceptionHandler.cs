using McpBridge.Mcp.Http;
using McpBridge.Protocol.Api;
using McpBridge.Server.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Hosting;

/// <summary>Turns an unexpected exception into a 500 answer without internals: ProblemDetails for the API, a JSON-RPC error on MCP paths.</summary>
internal sealed partial class GlobalExceptionHandler(ILogger<GlobalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            Log.Cancelled(logger, context.Request.Method, context.Request.Path);
            return true;
        }

        if (exception is BadHttpRequestException bad)
        {
            await new ApiError(bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.ValidationFailed,
                "Bad request", bad.Message).ToHttp().ExecuteAsync(context);
            return true;
        }

        Log.Unhandled(logger, context.Request.Method, context.Request.Path, exception);
        if (McpPaths.IsMcp(context.Request.Path))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, McpHttpErrors.InternalError,
                $"Internal error (trace {context.TraceIdentifier}).");
            return true;
        }

        await (new ApiError(StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "Internal error",
            $"Something went wrong on our side (trace {context.TraceIdentifier}).")).ToHttp().ExecuteAsync(context);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled error on {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Request {Method} {Path} was cancelled by the client")]
        public static partial void Cancelled(ILogger logger, string method, string path);
    }
}
