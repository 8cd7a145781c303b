namespace McpBridge.Cli.Local;

/// <summary>The outcome of <see cref="LocalMcpHost.StartAsync"/>: a running host, or why it could not start (for the user).</summary>
internal sealed record LocalHostStart(LocalMcpHost? Host, string? Error)
{
    public static LocalHostStart Failed(string error) => new(null, error);
}
