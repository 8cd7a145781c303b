using System.Text.Json.Nodes;
using McpBridge.Mcp.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpBridge.Connectors;

/// <summary>Everything a connector may use to make a source. There is no ambient state: no globals, no host paths.</summary>
public sealed class ConnectorContext
{
    /// <summary>The server the source belongs to (for logs).</summary>
    public required string ServerId { get; init; }

    /// <summary>The tool instance name, e.g. <c>docs</c>.</summary>
    public required string InstanceName { get; init; }

    /// <summary>The configuration, already validated, with secrets decrypted.</summary>
    public required JsonObject Config { get; init; }

    /// <summary>A folder private to this server, created by the caller. Connectors keep their own state under it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The server's event log, for what its owner should see (a package's stderr, restarts).</summary>
    public ISourceEventSink? Events { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
