using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Http;

/// <summary>Decides, before an MCP request runs, whether it may (plan quotas, rate limits).</summary>
public interface IMcpRequestGate
{
    ValueTask<McpGateDecision> CheckAsync(HttpContext context, IMcpTarget target, JsonRpcRequest request, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IMcpRequestGate.CheckAsync"/>.</summary>
/// <param name="Allowed">Whether the request may run.</param>
/// <param name="StatusCode">The HTTP status for a refusal (429, 403).</param>
/// <param name="ErrorCode">The JSON-RPC error code for a refusal.</param>
/// <param name="Message">What the client is told.</param>
/// <param name="Data">Structured details for the JSON-RPC error's <c>data</c> (limit, reset date, upgrade hint).</param>
/// <param name="RetryAfter">When set, sent as <c>Retry-After</c>.</param>
public readonly record struct McpGateDecision(bool Allowed, int StatusCode = 200, int ErrorCode = 0, string? Message = null, object? Data = null, TimeSpan? RetryAfter = null)
{
    public static McpGateDecision Allow { get; } = new(true);
}
