using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Http;

/// <summary>Writes JSON-RPC error answers with an HTTP status, so that no refusal is ever a bare status code.</summary>
public static class McpHttpErrors
{
    private static readonly JsonTypeInfo<JsonRpcError> s_errorType =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    private static readonly JsonSerializerOptions s_dataOptions = new(JsonSerializerDefaults.Web);

    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerError = -32000;
    public const int SessionNotFound = -32001;
    public const int UnsupportedProtocolVersion = (int)McpErrorCode.UnsupportedProtocolVersion;
    public const int HeaderMismatch = (int)McpErrorCode.HeaderMismatch;

    /// <summary>The target the host chose for this request; without one, writes a 404 and returns null.</summary>
    internal static async Task<McpTargetFeature?> FindTargetAsync(HttpContext context)
    {
        if (context.Features.Get<McpTargetFeature>() is { } feature)
        {
            return feature;
        }

        await WriteAsync(context, StatusCodes.Status404NotFound, ServerError, "Not Found: no MCP server here.");
        return null;
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, int code, string message, RequestId id = default, object? data = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var error = new JsonRpcError
        {
            Id = id,
            Error = new JsonRpcErrorDetail
            {
                Code = code,
                Message = message,
                Data = data is null ? null : JsonSerializer.SerializeToNode(data, data.GetType(), s_dataOptions),
            },
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, error, s_errorType, context.RequestAborted);
    }
}
