using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Tunnels;

/// <summary>What the tunnel services log (never a key or a resume token). Grants and refusals are Debug: the relay logs each connection.</summary>
internal static partial class TunnelLog
{
    [LoggerMessage(1, LogLevel.Debug, "Tunnel lease granted: {Name} ({Kind}, account {AccountId})")]
    public static partial void Granted(ILogger logger, string name, string kind, string accountId);

    [LoggerMessage(2, LogLevel.Debug, "Tunnel lease refused ({Code}): {Detail}")]
    public static partial void Refused(ILogger logger, string code, string? detail);

    [LoggerMessage(3, LogLevel.Error, "Could not store tunnel usage; kept in memory to try again")]
    public static partial void UsageWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Deleted {Count} expired temporary tunnel names")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(5, LogLevel.Warning, "Tunnel housekeeping (plan refresh, expired names) failed; trying again in a minute")]
    public static partial void HousekeepingFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Tunnel {Name} released by {Actor}")]
    public static partial void Released(ILogger logger, string name, string actor);
}
