namespace McpBridge.Connectors.Tests.Harness;

/// <summary>Upper bounds for waits in tests: a hang fails the test instead of the whole run.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
