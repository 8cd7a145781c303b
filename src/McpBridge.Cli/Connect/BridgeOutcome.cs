namespace McpBridge.Cli.Connect;

/// <summary>How a bridge run ended: the local client closed stdin (a normal end), or the remote failed.</summary>
/// <param name="Failure">The remote failure that ended it; <see langword="null"/> when stdin closed.</param>
internal sealed record BridgeOutcome(RemoteFailure? Failure)
{
    public static BridgeOutcome LocalClosed { get; } = new((RemoteFailure?)null);
}
