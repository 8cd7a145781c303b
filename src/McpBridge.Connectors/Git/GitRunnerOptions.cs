namespace McpBridge.Connectors.Git;

/// <summary>How the git connector runs git: limits, and whether the machine's own git configuration applies.</summary>
internal sealed record GitRunnerOptions
{
    /// <summary>
    /// Ignore the system and global git configuration and forbid every transport (hosted: the repository is the
    /// server's own clone, and the host's settings, credentials and URL rewrites are none of a tool's business).
    /// </summary>
    public required bool Isolated { get; init; }

    /// <summary>How long one command may run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most output read from one command; more is cut off (and the command stopped).</summary>
    public int MaxOutputBytes { get; init; } = 256 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
