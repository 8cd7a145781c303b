using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;

namespace McpBridge.Cli.Local;

/// <summary>
/// Where the local server's sources report (a child's stderr, a crash, a restart) and what the composite says about
/// failing sources: the user sees them as they happen, as a hosted server's owner sees them in its event log.
/// No metering: locally, calls are counted by the relay.
/// </summary>
internal sealed class LocalSourceEvents(Action<SourceEventLevel, string> report) : ISourceEventSink, ICompositeObserver
{
    public void Report(SourceEventLevel level, string message) => report(level, message);

    public void OnCall(in CallRecord record)
    {
    }

    public void OnSourceEvent(string source, SourceEventLevel level, string message) => report(level, message);
}
