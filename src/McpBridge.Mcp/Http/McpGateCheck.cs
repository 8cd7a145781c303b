using System.Globalization;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Http;

/// <summary>Runs the optional <see cref="IMcpRequestGate"/> and writes its refusal as a JSON-RPC error.</summary>
internal static class McpGateCheck
{
    public static async Task<bool> PassesAsync(IMcpRequestGate? gate, HttpContext context, IMcpTarget target, JsonRpcRequest request)
    {
        if (gate is null)
        {
            return true;
        }

        var decision = await gate.CheckAsync(context, target, request, context.RequestAborted);
        if (decision.Allowed)
        {
            return true;
        }

        if (decision.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await McpHttpErrors.WriteAsync(context, decision.StatusCode, decision.ErrorCode, decision.Message ?? "Refused.", request.Id, decision.Data);
        return false;
    }
}
