namespace McpBridge.Client.Tunnels;

/// <summary>The tunnel is (again) connected.</summary>
/// <param name="connection">The URL and name, the same after every reconnect.</param>
public sealed class CloudConnectedEventArgs(CloudConnection connection) : EventArgs
{
    /// <summary>The URL and name, the same after every reconnect.</summary>
    public CloudConnection Connection { get; } = connection;
}

/// <summary>The connection to the relay was lost or closed.</summary>
/// <param name="reason">Why, in words for a person.</param>
/// <param name="willReconnect">Whether the connector will try again.</param>
public sealed class CloudDisconnectedEventArgs(string reason, bool willReconnect) : EventArgs
{
    /// <summary>Why, in words for a person.</summary>
    public string Reason { get; } = reason;

    /// <summary>Whether the connector will try again.</summary>
    public bool WillReconnect { get; } = willReconnect;
}

/// <summary>The connector waits before its next attempt.</summary>
/// <param name="attempt">1 for the first retry after a loss.</param>
/// <param name="delay">How long it waits before the attempt.</param>
/// <param name="reason">What went wrong last.</param>
public sealed class CloudReconnectingEventArgs(int attempt, TimeSpan delay, string reason) : EventArgs
{
    /// <summary>1 for the first retry after a loss.</summary>
    public int Attempt { get; } = attempt;

    /// <summary>How long it waits before the attempt.</summary>
    public TimeSpan Delay { get; } = delay;

    /// <summary>What went wrong last.</summary>
    public string Reason { get; } = reason;
}

/// <summary>Something failed: a refused connect, a broken connection, a request the target could not answer.</summary>
/// <param name="message">Words for a person.</param>
/// <param name="exception">The exception behind it, if any.</param>
/// <param name="isFatal">The connector gave up (a refused key or name, an expired temporary tunnel).</param>
public sealed class CloudErrorEventArgs(string message, Exception? exception, bool isFatal) : EventArgs
{
    /// <summary>Words for a person.</summary>
    public string Message { get; } = message;

    /// <summary>The exception behind it, if any.</summary>
    public Exception? Exception { get; } = exception;

    /// <summary>The connector gave up (a refused key or name, an expired temporary tunnel).</summary>
    public bool IsFatal { get; } = isFatal;
}

/// <summary>A request went through the tunnel.</summary>
/// <param name="method">The HTTP method.</param>
/// <param name="target">Path and query.</param>
/// <param name="status">The status the target answered (502 when it could not be reached).</param>
/// <param name="duration">From the request's arrival to the end of the response.</param>
/// <param name="bytesIn">Request body bytes.</param>
/// <param name="bytesOut">Response body bytes.</param>
public sealed class TunnelRequestEventArgs(string method, string target, int status, TimeSpan duration, long bytesIn, long bytesOut) : EventArgs
{
    /// <summary>The HTTP method.</summary>
    public string Method { get; } = method;

    /// <summary>Path and query.</summary>
    public string Target { get; } = target;

    /// <summary>The status the target answered (502 when it could not be reached).</summary>
    public int Status { get; } = status;

    /// <summary>From the request's arrival to the end of the response.</summary>
    public TimeSpan Duration { get; } = duration;

    /// <summary>Request body bytes.</summary>
    public long BytesIn { get; } = bytesIn;

    /// <summary>Response body bytes sent to the relay (as far as it got, when the response broke off).</summary>
    public long BytesOut { get; } = bytesOut;
}

/// <summary>The relay said something about the tunnel (a temporary tunnel expiring soon, say).</summary>
/// <param name="kind">The notice kind: <c>expiring</c>, <c>expired</c> or <c>closing</c>.</param>
/// <param name="message">Words for a person.</param>
/// <param name="expiresAt">When a temporary tunnel expires.</param>
public sealed class CloudNoticeEventArgs(string kind, string message, DateTimeOffset? expiresAt) : EventArgs
{
    /// <summary>The notice kind: <c>expiring</c>, <c>expired</c> or <c>closing</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>Words for a person.</summary>
    public string Message { get; } = message;

    /// <summary>When a temporary tunnel expires.</summary>
    public DateTimeOffset? ExpiresAt { get; } = expiresAt;
}
