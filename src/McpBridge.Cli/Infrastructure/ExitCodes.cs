namespace McpBridge.Cli.Infrastructure;

/// <summary>The process exit codes of <c>mcp-bridge</c>; scripts branch on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Anything not covered below.</summary>
    public const int Failure = 1;

    /// <summary>The command line, or input the server rejected as invalid (<c>validation_failed</c>).</summary>
    public const int UsageError = 2;

    /// <summary>No API key, or the server did not accept it (401), or it may not do this (403).</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>A plan limit, the monthly quota or the rate limit stopped the request.</summary>
    public const int PlanLimit = 4;

    /// <summary>The server, tool, key or account does not exist (or is not the caller's).</summary>
    public const int NotFound = 5;

    /// <summary>The request conflicts with current state, e.g. a name already taken.</summary>
    public const int Conflict = 6;

    /// <summary>The MCP Bridge server (or the remote MCP endpoint of <c>connect</c>) could not be reached.</summary>
    public const int Unreachable = 7;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
