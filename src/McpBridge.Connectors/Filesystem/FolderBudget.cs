namespace McpBridge.Connectors.Filesystem;

/// <summary>How much a hosted server's folder may hold in all: every filesystem tool of a server writes into it.</summary>
/// <param name="MaxBytes">Total size of its files.</param>
/// <param name="MaxFiles">Number of files.</param>
public sealed record FolderBudget(long MaxBytes, int MaxFiles)
{
    /// <summary>What a hosted server's folder gets: 100 MiB in at most 10,000 files.</summary>
    public static FolderBudget Hosted { get; } = new(100L * 1024 * 1024, 10_000);
}
