namespace McpBridge.Client.Tunnels;

/// <summary>Settings of a <see cref="CloudConnector"/>.</summary>
public sealed class CloudConnectorOptions
{
    /// <summary>The MCP Bridge cloud, e.g. <c>https://mcp-bridge.example.com</c>. The connector dials <c>wss://</c> (or <c>ws://</c>) on it.</summary>
    public required Uri ServerUrl { get; set; }

    /// <summary>The account key (<c>mcpb_ak_...</c>). Needed for persistent names; leave null for an anonymous temporary tunnel.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Forward to <c>http://127.0.0.1:{LocalPort}</c>. Set this or <see cref="TargetUrl"/>.</summary>
    public int? LocalPort { get; set; }

    /// <summary>Forward to this base URL (its path is prefixed to every forwarded path). Set this or <see cref="LocalPort"/>.</summary>
    public Uri? TargetUrl { get; set; }

    /// <summary>
    /// The name: for a persistent tunnel, one of the account's names (reserved on first use when the plan has room);
    /// for a temporary tunnel, the middle part of <c>temp-{name}-xxxxxx</c> (null gives <c>temp-xxxxxxxx</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>A temporary tunnel: a random name that expires after two hours. No account needed.</summary>
    public bool Temporary { get; set; }

    /// <summary>The first delay before reconnecting after a lost connection (default 1 s); it doubles up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between reconnect attempts (default 60 s).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the agent pings the relay (default 5 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long without any frame from the relay before the connection counts as dead (default 15 s).</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait for the local target to answer with a response head (default 100 s).</summary>
    public TimeSpan TargetTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The most requests forwarded at once; further ones are refused with 503 (default 1,000).</summary>
    public int MaxConcurrentRequests { get; set; } = 1000;
}
