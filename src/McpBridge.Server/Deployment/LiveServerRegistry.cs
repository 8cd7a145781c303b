using System.Collections.Concurrent;
using System.Text.Json;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Http;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Deployment;

/// <summary>
/// The deployed servers this node serves, loaded on their first request (so start-up stays fast whatever the number
/// of servers) and swapped in place by deploys. Sources a deploy no longer uses are disposed after a grace period,
/// so calls already running on them can finish.
/// </summary>
internal sealed partial class LiveServerRegistry(
    IDbContextFactory<BridgeDbContext> dbFactory,
    SourceFactory sourceFactory,
    McpSessionControl sessions,
    MeteringPipeline pipeline,
    TimeProvider timeProvider,
    ILogger<LiveServerRegistry> logger) : IAsyncDisposable
{
    private static readonly TimeSpan s_negativeCacheTtl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_retireGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Lazy<Task<LiveServer?>>> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SlugEntry> _slugs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _retiring = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How many slugs are remembered: one per existing server looked up, never one per made-up slug.</summary>
    internal int CachedSlugCount => _slugs.Count;

    /// <summary>Finds the live server behind a slug.</summary>
    public async ValueTask<Resolution> ResolveAsync(string slug, CancellationToken cancellationToken)
    {
        if (!_slugs.TryGetValue(slug, out var entry) || (entry.ServerId is null && timeProvider.GetElapsedTime(entry.At) > s_negativeCacheTtl))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Servers.AsNoTracking().Where(s => s.Slug == slug)
                .Select(s => new { s.Id, s.LiveVersion, s.Status }).FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                // Not remembered: anyone can make up slugs, and an entry for each would grow without limit.
                _slugs.TryRemove(slug, out _);
                return new Resolution(ResolutionStatus.NotFound, null);
            }

            var stopped = row.Status == Servers.ServerStatus.Stopped;
            entry = new SlugEntry(row.LiveVersion is null || stopped ? null : row.Id, timeProvider.GetTimestamp(), stopped);
            _slugs[slug] = entry;
        }

        if (entry.ServerId is null)
        {
            return new Resolution(entry.Stopped ? ResolutionStatus.Stopped : ResolutionStatus.NotDeployed, null);
        }

        var live = await GetOrLoadAsync(entry.ServerId, cancellationToken);
        return live is null ? new Resolution(ResolutionStatus.NotDeployed, null) : new Resolution(ResolutionStatus.Live, live);
    }

    /// <summary>
    /// Makes <paramref name="version"/> of <paramref name="server"/> live on this node. It was committed already, so
    /// only stopping the node cancels this: a deploy whose client went away must still leave the node serving it.
    /// </summary>
    public async Task<LiveServer> ActivateAsync(HostedServer server, ServerVersion version)
    {
        var live = await GetOrLoadAsync(server.Id, _stopping.Token)
            ?? throw new InvalidOperationException($"Server {server.Id} has no live version after deploying.");
        if (live.Version != version.Version)
        {
            await ApplyAsync(live, version.Version, Tools(version), _stopping.Token);
        }

        _slugs[server.Slug] = new SlugEntry(server.Id, timeProvider.GetTimestamp());
        return live;
    }

    /// <summary>Stops serving a server (deleted, or stopped: <paramref name="stopped"/>): its sources are disposed.</summary>
    public async Task DeactivateAsync(string serverId, string slug, bool stopped = false)
    {
        if (stopped)
        {
            _slugs[slug] = new SlugEntry(null, timeProvider.GetTimestamp(), Stopped: true);
        }
        else
        {
            _slugs.TryRemove(slug, out _);
        }

        if (!_servers.TryRemove(serverId, out var lazy))
        {
            return;
        }

        LiveServer? live;
        try
        {
            live = await lazy.Value;
        }
        catch (Exception ex)
        {
            // Loading it had failed (or was cancelled): nothing of it is running. The deletion stands.
            Log.DeactivatedUnloaded(logger, serverId, ex);
            return;
        }

        if (live is not null)
        {
            await sessions.CloseSessionsAsync(live.Composite.Id);
            await live.Composite.CloseListenersAsync();
            foreach (var source in await live.RetireAsync())
            {
                await DisposeQuietlyAsync(source);
            }
        }
    }

    private async ValueTask<LiveServer?> GetOrLoadAsync(string serverId, CancellationToken cancellationToken)
    {
        // The hot path: the server is loaded already.
        if (_servers.TryGetValue(serverId, out var loaded) && loaded.IsValueCreated && loaded.Value.IsCompletedSuccessfully)
        {
            return loaded.Value.Result;
        }

        var lazy = _servers.GetOrAdd(serverId, id => new Lazy<Task<LiveServer?>>(() => LoadAsync(id)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsCompleted)
        {
            // The load failed (not just this caller's wait): the next request tries again.
            _servers.TryRemove(KeyValuePair.Create(serverId, lazy));
            throw;
        }
    }

    private async Task<LiveServer?> LoadAsync(string serverId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(_stopping.Token);
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serverId, _stopping.Token);
        if (server?.LiveVersion is not { } liveVersion)
        {
            return null;
        }

        var version = await db.ServerVersions.AsNoTracking().FirstAsync(v => v.ServerId == serverId && v.Version == liveVersion, _stopping.Token);
        var live = new LiveServer(server.Id, server.AccountId, server.Slug, new ServerMeter(server.Id, server.AccountId, pipeline, timeProvider));
        await ApplyAsync(live, version.Version, Tools(version), _stopping.Token);
        Log.Loaded(logger, server.Id, server.Slug, version.Version);
        return live;
    }

    private Task ApplyAsync(LiveServer live, int version, IReadOnlyList<DeployedTool> tools, CancellationToken cancellationToken) =>
        live.ApplyAsync(version, tools, tool => sourceFactory.CreateAsync(live.ServerId, tool, live.Meter, cancellationToken), Retire, cancellationToken);

    private void Retire(IReadOnlyList<CompositeSource> sources)
    {
        if (sources.Count > 0)
        {
            var task = RetireLaterAsync(sources);
            _retiring[task] = 0;
            _ = task.ContinueWith(t => _retiring.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task RetireLaterAsync(IReadOnlyList<CompositeSource> sources)
    {
        try
        {
            await Task.Delay(s_retireGrace, timeProvider, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var source in sources)
        {
            await DisposeQuietlyAsync(source);
        }
    }

    private async Task DisposeQuietlyAsync(CompositeSource source)
    {
        try
        {
            await source.Source.DisposeAsync();
        }
        catch (Exception ex)
        {
            Log.DisposeFailed(logger, source.Name, ex);
        }
    }

    internal static IReadOnlyList<DeployedTool> Tools(ServerVersion version) =>
        JsonSerializer.Deserialize<DeployedTool[]>(version.SnapshotJson, JsonSerializerOptions.Web) ?? [];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_retiring.Keys);
        foreach (var lazy in _servers.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is { } live)
            {
                foreach (var source in await live.RetireAsync())
                {
                    await DisposeQuietlyAsync(source);
                }
            }
        }

        _servers.Clear();
        _stopping.Dispose();
    }

    /// <summary>An existing server's slug; <see cref="ServerId"/> is null while it has not been deployed.</summary>
    private sealed record SlugEntry(string? ServerId, long At, bool Stopped = false);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Serving {ServerId} ({Slug}) version {Version}")]
        public static partial void Loaded(ILogger logger, string serverId, string slug, int version);

        [LoggerMessage(2, LogLevel.Warning, "Source {Source} did not shut down cleanly")]
        public static partial void DisposeFailed(ILogger logger, string source, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Deleted server {ServerId} had failed to load; nothing to stop")]
        public static partial void DeactivatedUnloaded(ILogger logger, string serverId, Exception exception);
    }
}

internal readonly record struct Resolution(ResolutionStatus Status, LiveServer? Server);

internal enum ResolutionStatus
{
    NotFound,
    NotDeployed,
    Stopped,
    Live,
}
