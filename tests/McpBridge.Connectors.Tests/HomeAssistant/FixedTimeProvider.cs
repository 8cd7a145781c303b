namespace McpBridge.Connectors.Tests.HomeAssistant;

/// <summary>A clock that always says the same time (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
