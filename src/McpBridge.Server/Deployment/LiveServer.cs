using McpBridge.Mcp.Composite;
using McpBridge.Server.Metering;

namespace McpBridge.Server.Deployment;

/// <summary>
/// A deployed server serving requests: its composite server, its metering, and its running sources indexed by the
/// fingerprint of the tool they were made from, so that a deploy keeps unchanged sources (and their processes).
/// </summary>
internal sealed class LiveServer
{
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private Dictionary<string, CompositeSource> _sources = new(StringComparer.Ordinal);

    public LiveServer(string serverId, string accountId, string slug, ServerMeter meter)
    {
        ServerId = serverId;
        AccountId = accountId;
        Slug = slug;
        Meter = meter;
        Composite = new CompositeServer(serverId, CompositeSnapshot.Empty, meter);
    }

    public string ServerId { get; }
    public string AccountId { get; }
    public string Slug { get; }
    public ServerMeter Meter { get; }
    public CompositeServer Composite { get; }
    public int Version => Composite.Snapshot.Version;

    /// <summary>
    /// Makes <paramref name="tools"/> (version <paramref name="version"/>) live. Sources that are no longer used, or
    /// that were made for a snapshot that never went live (<paramref name="create"/> threw), go to <paramref name="retire"/>.
    /// </summary>
    public async Task ApplyAsync(
        int version,
        IReadOnlyList<DeployedTool> tools,
        Func<DeployedTool, Task<CompositeSource>> create,
        Action<IReadOnlyList<CompositeSource>> retire,
        CancellationToken cancellationToken)
    {
        await _applyLock.WaitAsync(cancellationToken);
        try
        {
            var next = new Dictionary<string, CompositeSource>(StringComparer.Ordinal);
            var ordered = new List<CompositeSource>(tools.Count);
            var made = new List<CompositeSource>();
            CompositeSnapshot snapshot;
            try
            {
                foreach (var tool in tools)
                {
                    if (!_sources.TryGetValue(tool.Fingerprint, out var source))
                    {
                        source = await create(tool);
                        made.Add(source);
                    }

                    next[tool.Fingerprint] = source;
                    ordered.Add(source);
                }

                snapshot = new CompositeSnapshot(version, ordered, serverName: $"mcp-bridge/{Slug}");
            }
            catch
            {
                // A child process started for this pass would otherwise outlive it.
                retire(made);
                throw;
            }

            var retired = _sources.Where(s => !next.ContainsKey(s.Key)).Select(s => s.Value).ToArray();
            _sources = next;
            try
            {
                // Not cancellable: once the snapshot is swapped in, what is left is telling sessions about it.
                await Composite.SwapAsync(snapshot, CancellationToken.None);
            }
            finally
            {
                retire(retired);
            }
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>Stops serving: returns every source so the caller disposes it.</summary>
    public async Task<IReadOnlyList<CompositeSource>> RetireAsync()
    {
        await _applyLock.WaitAsync();
        try
        {
            var all = _sources.Values.ToArray();
            _sources = new Dictionary<string, CompositeSource>(StringComparer.Ordinal);
            await Composite.SwapAsync(CompositeSnapshot.Empty, CancellationToken.None);
            return all;
        }
        finally
        {
            _applyLock.Release();
        }
    }
}
