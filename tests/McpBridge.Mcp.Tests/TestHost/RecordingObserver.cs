using System.Collections.Concurrent;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>Records what a composite server reports, and lets a test wait for a source event.</summary>
internal sealed class RecordingObserver : ICompositeObserver, ISourceEventSink
{
    private readonly ConcurrentQueue<CallRecord> _calls = new();
    private readonly ConcurrentQueue<(string Source, SourceEventLevel Level, string Message)> _events = new();
    private readonly List<(Func<string, SourceEventLevel, string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];

    public IReadOnlyCollection<CallRecord> Calls => _calls;

    public IReadOnlyCollection<(string Source, SourceEventLevel Level, string Message)> Events => _events;

    public void OnCall(in CallRecord record) => _calls.Enqueue(record);

    public void OnSourceEvent(string source, SourceEventLevel level, string message)
    {
        _events.Enqueue((source, level, message));
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(source, level, message)).ToList())
            {
                waiter.Done.TrySetResult(message);
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>As an <see cref="ISourceEventSink"/> of a client source: reports under the name "sink".</summary>
    public void Report(SourceEventLevel level, string message) => OnSourceEvent("sink", level, message);

    /// <summary>Completes with the first event (past or future) that matches.</summary>
    public Task<string> WaitForEventAsync(Func<string, SourceEventLevel, string, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var past = _events.FirstOrDefault(e => match(e.Source, e.Level, e.Message));
            if (past.Message is not null)
            {
                return Task.FromResult(past.Message);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout);
    }
}
