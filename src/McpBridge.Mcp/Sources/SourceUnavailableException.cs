namespace McpBridge.Mcp.Sources;

/// <summary>A source cannot serve right now (its process crashed, its endpoint is down). The message is safe to show.</summary>
public sealed class SourceUnavailableException : Exception
{
    public SourceUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
