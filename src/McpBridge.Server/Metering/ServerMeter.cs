using System.Collections.Concurrent;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;

namespace McpBridge.Server.Metering;

/// <summary>
/// Meters one hosted server: every call becomes a usage record; calls, errors and source reports become event-log
/// lines. Successful calls are logged at most <see cref="CallEventsPerSecond"/> a second so that a busy server's log
/// stays readable and its writes bounded; errors get a higher allowance, refusals by the plan one line per
/// <see cref="RefusalLogInterval"/>.
/// </summary>
internal sealed class ServerMeter(string serverId, string accountId, MeteringPipeline pipeline, TimeProvider timeProvider)
    : ICompositeObserver, ISourceEventSink
{
    public const int CallEventsPerSecond = 10;
    public const int ErrorEventsPerSecond = 50;

    /// <summary>The lengths of <c>server_events.Message</c> and <c>.Tool</c> (and <c>usage_daily.Tool</c>).</summary>
    public const int MaxMessageLength = 2000;
    public const int MaxToolLength = 200;

    public static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, long> _refusalsLogged = new(StringComparer.Ordinal);
    private long _window;
    private int _callEvents;
    private int _errorEvents;

    public void OnCall(in CallRecord record)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var ms = record.Duration.TotalMilliseconds;
        var tool = Cap(record.Method == "tools/call" ? record.Name : record.Method, MaxToolLength);
        pipeline.Write(new MeterItem(MeterKind.Call, serverId, accountId, now, tool, ms, record.IsError));

        if (!Admit(now, record.IsError))
        {
            return;
        }

        // The name (a resource URI, say) and the error come from clients and sources: any length.
        var what = record.Method == "tools/call" ? $"tools/call {record.Name}" : $"{record.Method} {record.Name}";
        var message = record.IsError ? $"{what} failed after {ms:0.#} ms: {record.Error}" : $"{what} ok in {ms:0.#} ms";
        pipeline.Write(new MeterItem(MeterKind.Event, serverId, accountId, now, tool, ms, record.IsError,
            record.IsError ? "error" : "info", record.IsError ? "error" : "tool_call", Cap(message, MaxMessageLength)));
    }

    public void OnSourceEvent(string source, SourceEventLevel level, string message) => Report(level, message);

    public void Report(SourceEventLevel level, string message) =>
        Log(level switch { SourceEventLevel.Error => "error", SourceEventLevel.Warning => "warning", _ => "info" }, "source", message);

    public void Log(string level, string kind, string message, string? tool = null) =>
        pipeline.Write(new MeterItem(MeterKind.Event, serverId, accountId, timeProvider.GetUtcNow().UtcDateTime,
            tool is null ? null : Cap(tool, MaxToolLength), Level: level, EventKind: kind, Message: Cap(message, MaxMessageLength)));

    /// <summary>
    /// Whether a call refused for <paramref name="limit"/> should be logged: once per <see cref="RefusalLogInterval"/>,
    /// so a client hammering past its limit neither writes a line per request nor pushes the useful lines out of the log.
    /// </summary>
    public bool AdmitRefusal(string limit)
    {
        var now = timeProvider.GetTimestamp();
        return _refusalsLogged.TryGetValue(limit, out var last)
            ? timeProvider.GetElapsedTime(last, now) >= RefusalLogInterval && _refusalsLogged.TryUpdate(limit, now, last)
            : _refusalsLogged.TryAdd(limit, now);
    }

    internal static string Cap(string text, int max) => text.Length <= max ? text : text[..max];

    private bool Admit(DateTime now, bool isError)
    {
        // Read first: a write to this shared field on every call would bounce its cache line between cores.
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        var window = Volatile.Read(ref _window);
        if (window != second && Interlocked.CompareExchange(ref _window, second, window) == window)
        {
            Interlocked.Exchange(ref _callEvents, 0);
            Interlocked.Exchange(ref _errorEvents, 0);
        }

        return isError
            ? Interlocked.Increment(ref _errorEvents) <= ErrorEventsPerSecond
            : Interlocked.Increment(ref _callEvents) <= CallEventsPerSecond;
    }
}
