using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpBridge.Cli.Local;

/// <summary>What <see cref="LocalMcpHost.StartAsync"/> serves and where.</summary>
internal sealed class LocalMcpHostOptions
{
    /// <summary>The sources of the one composite server.</summary>
    public required IReadOnlyList<LocalSourceSpec> Sources { get; init; }

    /// <summary>The port on 127.0.0.1; null or 0 picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>The server name clients see in <c>initialize</c>.</summary>
    public string ServerName { get; init; } = "mcp-bridge";

    /// <summary>Where sources report what the user should see (a child's stderr, a failure).</summary>
    public LocalSourceEvents? Events { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
