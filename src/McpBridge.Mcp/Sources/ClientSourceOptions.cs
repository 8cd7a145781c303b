using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace McpBridge.Mcp.Sources;

/// <summary>How a <see cref="ClientSource"/> reaches and manages its upstream MCP server.</summary>
public sealed class ClientSourceOptions
{
    /// <summary>A name for logs, e.g. the tool instance name.</summary>
    public required string Name { get; init; }

    /// <summary>Makes a fresh transport for each upstream connection (a new child process, a new HTTP session).</summary>
    public required Func<CancellationToken, ValueTask<IClientTransport>> CreateTransport { get; init; }

    /// <summary>Upstream connections kept at most (child processes for stdio). Calls are multiplexed over them.</summary>
    public int MaxConnections { get; init; } = 1;

    /// <summary>A connection with no calls for this long is closed (its process ends); the next call starts a new one.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long starting a connection (process start and initialize) may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one request to the upstream may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between two attempts to start a failing upstream.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The protocol revision asked of the upstream. A 2025 revision by default: the gateway relays progress,
    /// logging, sampling and elicitation, which need the session (and server-to-client requests) those revisions
    /// have. <see langword="null"/> lets the client probe for 2026-07-28 first.
    /// </summary>
    public string? ProtocolVersion { get; init; } = "2025-11-25";

    /// <summary>Secrets to mask in anything reported to the event log (say, an env value echoed on stderr).</summary>
    public IReadOnlyCollection<string> Secrets { get; init; } = [];

    public ISourceEventSink? Events { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
