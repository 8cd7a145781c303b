namespace McpBridge.Protocol.Api;

/// <summary>
/// Stable machine-readable error codes carried in the <c>code</c> extension of every ProblemDetails answer
/// of the REST API, and in the <c>data.code</c> of JSON-RPC errors on MCP endpoints.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The request body or query failed validation; see <c>errors</c> for the fields.</summary>
    public const string ValidationFailed = "validation_failed";
    /// <summary>No credentials, or credentials that are not valid.</summary>
    public const string Unauthorized = "unauthorized";
    /// <summary>Valid credentials that may not do this.</summary>
    public const string Forbidden = "forbidden";
    /// <summary>The resource does not exist or is not the caller's.</summary>
    public const string NotFound = "not_found";
    /// <summary>The request conflicts with current state (a name already taken, say).</summary>
    public const string Conflict = "conflict";
    /// <summary>A plan limit stops this (servers, tools per server, premium connectors, persistent or temporary tunnels).</summary>
    public const string PlanLimit = "plan_limit";
    /// <summary>The account used its monthly calls or tunnel requests (or an anonymous tunnel its requests).</summary>
    public const string QuotaExceeded = "quota_exceeded";
    /// <summary>Too many calls in a short time; retry after the given delay.</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>The body is larger than allowed.</summary>
    public const string PayloadTooLarge = "payload_too_large";
    /// <summary>A request for a tunnel whose agent is not connected (503); the name exists, so retry later.</summary>
    public const string TunnelOffline = "tunnel_offline";
    /// <summary>The tunnel's agent is connected but could not reach its local target (502).</summary>
    public const string TunnelTargetUnavailable = "tunnel_target_unavailable";
    /// <summary>No tunnel has this name (404): never reserved, released, or an expired temporary name.</summary>
    public const string TunnelNotFound = "tunnel_not_found";
    /// <summary>Device login: the user has not approved yet; poll again after the interval.</summary>
    public const string AuthorizationPending = "authorization_pending";
    /// <summary>Device login: polling too fast; wait five seconds more between polls.</summary>
    public const string SlowDown = "slow_down";
    /// <summary>Device login: the request expired before it was approved; start again.</summary>
    public const string ExpiredToken = "expired_token";
    /// <summary>Device login: the user denied the request.</summary>
    public const string AccessDenied = "access_denied";
    /// <summary>An unexpected server error; the log has the details.</summary>
    public const string Internal = "internal_error";
}
