using System.Collections.Concurrent;
using McpBridge.Mcp.Http;
using ModelContextProtocol.Server;

namespace McpBridge.Mcp.Tests.TestHost;

/// <summary>Passes everything to an inner target and lets a test wait for a session to end.</summary>
internal sealed class ObservedTarget(IMcpTarget inner) : IMcpTarget
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new(StringComparer.Ordinal);

    public string Id => inner.Id;

    public McpServerOptions CreateServerOptions(bool stateless) => inner.CreateServerOptions(stateless);

    public void OnSessionStarted(string sessionId, McpServer server) => inner.OnSessionStarted(sessionId, server);

    public void OnSessionEnded(string sessionId)
    {
        inner.OnSessionEnded(sessionId);
        Ended(sessionId).TrySetResult();
    }

    public Task WaitForSessionEndAsync(string sessionId, TimeSpan timeout) => Ended(sessionId).Task.WaitAsync(timeout);

    private TaskCompletionSource Ended(string sessionId) =>
        _ended.GetOrAdd(sessionId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
