using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Http;

/// <summary>Reads one JSON-RPC message from a request body, within a size limit, telling each kind of bad input apart.</summary>
internal static class McpRequestReader
{
    private static readonly JsonTypeInfo<JsonRpcMessage> s_messageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    public static async Task<ReadResult> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return ReadResult.Fail(StatusCodes.Status413PayloadTooLarge, McpHttpErrors.InvalidRequest,
                $"Request body too large: {request.ContentLength} bytes; the limit is {maxBytes} bytes.");
        }

        var contentType = request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadResult.Fail(StatusCodes.Status415UnsupportedMediaType, McpHttpErrors.InvalidRequest,
                "Unsupported Media Type: the body must be a JSON-RPC message with Content-Type: application/json.");
        }

        var reader = request.BodyReader;
        ReadOnlySequence<byte> buffer;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return ReadResult.Fail(StatusCodes.Status413PayloadTooLarge, McpHttpErrors.InvalidRequest,
                    $"Request body too large; the limit is {maxBytes} bytes.");
            }

            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        try
        {
            return Parse(buffer);
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }

    private static ReadResult Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsEmpty)
        {
            return ReadResult.Fail(StatusCodes.Status400BadRequest, McpHttpErrors.InvalidRequest, "Invalid Request: the body is empty; send one JSON-RPC message.");
        }

        var json = new Utf8JsonReader(body);
        try
        {
            var message = JsonSerializer.Deserialize(ref json, s_messageType);
            if (message is null)
            {
                return ReadResult.Fail(StatusCodes.Status400BadRequest, McpHttpErrors.InvalidRequest, "Invalid Request: the body must be a JSON-RPC message object.");
            }

            return new ReadResult(message, 0, 0, null);
        }
        catch (JsonException ex)
        {
            return IsWellFormedJson(body, out var isArray)
                ? ReadResult.Fail(StatusCodes.Status400BadRequest, McpHttpErrors.InvalidRequest, isArray
                    ? "Invalid Request: JSON-RPC batches are not supported; send one message per request."
                    : $"Invalid Request: the body is JSON but not a valid JSON-RPC 2.0 message ({ex.Message})")
                : ReadResult.Fail(StatusCodes.Status400BadRequest, McpHttpErrors.ParseError,
                    $"Parse error: the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).");
        }
    }

    private static bool IsWellFormedJson(ReadOnlySequence<byte> body, out bool isArray)
    {
        isArray = false;
        try
        {
            using var document = JsonDocument.Parse(body);
            isArray = document.RootElement.ValueKind == JsonValueKind.Array;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal readonly record struct ReadResult(JsonRpcMessage? Message, int StatusCode, int ErrorCode, string? Error)
    {
        public static ReadResult Fail(int statusCode, int errorCode, string error) => new(null, statusCode, errorCode, error);
    }
}
