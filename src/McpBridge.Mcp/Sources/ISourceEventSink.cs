namespace McpBridge.Mcp.Sources;

/// <summary>Receives what a source wants its server's owner to see in the server's event log.</summary>
public interface ISourceEventSink
{
    void Report(SourceEventLevel level, string message);
}

public enum SourceEventLevel
{
    Info,
    Warning,
    Error,
}
