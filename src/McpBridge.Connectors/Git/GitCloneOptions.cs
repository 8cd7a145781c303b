namespace McpBridge.Connectors.Git;

/// <summary>Limits of a hosted clone. Fixed by the host, not by the tool's owner.</summary>
internal sealed record GitCloneOptions
{
    /// <summary>How many commits of history are fetched.</summary>
    public int Depth { get; init; } = 50;

    /// <summary>The most a clone (objects and checked-out files) may take on disk.</summary>
    public long MaxBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>How long the clone may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How often the clone's size is measured while it runs.</summary>
    public TimeSpan SizeCheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Extra <c>-c</c> settings for the clone; for tests (a private CA: <c>http.sslCAInfo=...</c>).</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];
}
