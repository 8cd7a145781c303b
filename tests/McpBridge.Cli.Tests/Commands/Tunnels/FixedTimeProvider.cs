namespace McpBridge.Cli.Tests.Commands.Tunnels;

/// <summary>A clock stopped at one instant, so that "time left" and "connected for" are exact in assertions.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
