using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;

namespace McpBridge.Server.Metering;

/// <summary>
/// Meters one hosted server: every call becomes a usage record; calls, errors and source reports become event-log
/// lines. Successful calls are logged at most <see cref="CallEventsPerSecond"/> a second so that a busy server's log
/// stays readable and its writes bounded; errors get a higher allowance.
/// </summary>
internal sealed class ServerMeter(string serverId, string accountId, MeteringPipeline pipeline, TimeProvider timeProvider)
    : ICompositeObserver, ISourceEventSink
{
    public const int CallEventsPerSecond = 10;
    public const int ErrorEventsPerSecond = 50;

    private long _window;
    private int _callEvents;
    private int _errorEvents;

    public void OnCall(in CallRecord record)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var ms = record.Duration.TotalMilliseconds;
        var tool = record.Method == "tools/call" ? record.Name : record.Method;
        pipeline.Write(new MeterItem(MeterKind.Call, serverId, accountId, now, tool, ms, record.IsError));

        if (!Admit(now, record.IsError))
        {
            return;
        }

        var what = record.Method == "tools/call" ? $"tools/call {record.Name}" : $"{record.Method} {record.Name}";
        var message = record.IsError ? $"{what} failed after {ms:0.#} ms: {record.Error}" : $"{what} ok in {ms:0.#} ms";
        pipeline.Write(new MeterItem(MeterKind.Event, serverId, accountId, now, tool, ms, record.IsError,
            record.IsError ? "error" : "info", record.IsError ? "error" : "tool_call", message));
    }

    public void OnSourceEvent(string source, SourceEventLevel level, string message) => Report(level, message);

    public void Report(SourceEventLevel level, string message) =>
        Log(level switch { SourceEventLevel.Error => "error", SourceEventLevel.Warning => "warning", _ => "info" }, "source", message);

    public void Log(string level, string kind, string message, string? tool = null) =>
        pipeline.Write(new MeterItem(MeterKind.Event, serverId, accountId, timeProvider.GetUtcNow().UtcDateTime, tool,
            Level: level, EventKind: kind, Message: message.Length > 2000 ? message[..2000] : message));

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
