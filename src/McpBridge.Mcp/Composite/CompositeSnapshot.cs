using McpBridge.Mcp.Sources;

namespace McpBridge.Mcp.Composite;

/// <summary>An immutable deployed configuration of a composite server: its version and its sources, in order.</summary>
public sealed class CompositeSnapshot
{
    public CompositeSnapshot(int version, IReadOnlyList<CompositeSource> sources, string serverName = "mcp-bridge", string? instructions = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (!names.Add(source.Name))
            {
                throw new ArgumentException($"Two sources are named '{source.Name}'.", nameof(sources));
            }
        }

        Version = version;
        Sources = sources;
        ServerName = serverName;
        Instructions = instructions;
    }

    public static CompositeSnapshot Empty { get; } = new(0, []);

    public int Version { get; }

    public IReadOnlyList<CompositeSource> Sources { get; }

    public string ServerName { get; }

    public string? Instructions { get; }
}

/// <summary>One source of a composite server.</summary>
/// <param name="Name">The tool instance name; prefixes tool and prompt names that collide with another source's.</param>
/// <param name="ConnectorId">The connector that made the source (for logs and status).</param>
/// <param name="Source">The source itself.</param>
public sealed record CompositeSource(string Name, string ConnectorId, IMcpSource Source);
