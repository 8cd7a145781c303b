using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Tunnels.Relay;

internal static partial class TunnelRelayLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Tunnel {Name} connected from {Address}")]
    public static partial void AgentConnected(ILogger logger, string name, string? address);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Tunnel {Name} disconnected: {Reason}")]
    public static partial void AgentDisconnected(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Tunnel {Name} refused: {Status} {Code}")]
    public static partial void ConnectRefused(ILogger logger, string? name, int status, string code);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Tunnel {Name} dropped: no heartbeat for {Seconds} s")]
    public static partial void AgentSilent(ILogger logger, string name, int seconds);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Temporary tunnel {Name} expired")]
    public static partial void TemporaryExpired(ILogger logger, string name);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Tunnel {Name} replaced by a new connection")]
    public static partial void AgentReplaced(ILogger logger, string name);
}
