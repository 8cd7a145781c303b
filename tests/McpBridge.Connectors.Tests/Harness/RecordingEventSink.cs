using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Tests.Harness;

/// <summary>An event log that tests can wait on: <see cref="WaitForAsync"/> completes when a matching event arrives.</summary>
internal sealed class RecordingEventSink : ISourceEventSink
{
    private readonly object _gate = new();
    private readonly List<(SourceEventLevel Level, string Message)> _events = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];

    public IReadOnlyList<(SourceEventLevel Level, string Message)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void Report(SourceEventLevel level, string message)
    {
        List<TaskCompletionSource<string>> completed = [];
        lock (_gate)
        {
            _events.Add((level, message));
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                _waiters.Remove(waiter);
                completed.Add(waiter.Done);
            }
        }

        foreach (var done in completed)
        {
            done.TrySetResult(message);
        }
    }

    /// <summary>Waits for an event (already recorded, or still to come) whose message matches.</summary>
    public Task<string> WaitForAsync(Func<string, bool> match)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _events.FirstOrDefault(e => match(e.Message));
            if (existing.Message is not null)
            {
                return Task.FromResult(existing.Message);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>Waits for a matching event that arrives after this call (ignoring earlier ones).</summary>
    public Task<string> WaitForNextAsync(Func<string, bool> match)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(TestTimeouts.Default);
    }
}
