using McpBridge.Mcp.Sources;

namespace McpBridge.Mcp.Composite;

/// <summary>Sees every call a composite server serves and every source failure, for metering and event logs.</summary>
public interface ICompositeObserver
{
    /// <summary>A call ended. Called on the hot path: must not block.</summary>
    void OnCall(in CallRecord record);

    /// <summary>A source reported something or failed. <paramref name="message"/> is safe to show to the owner.</summary>
    void OnSourceEvent(string source, SourceEventLevel level, string message);
}

/// <summary>One served call.</summary>
/// <param name="Method">The MCP method: <c>tools/call</c>, <c>resources/read</c> or <c>prompts/get</c>.</param>
/// <param name="Name">The tool or prompt name as the client used it, or the resource URI.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="IsError">Whether it ended in an error (a JSON-RPC error or an <c>isError</c> result).</param>
/// <param name="Error">A short description of the error, if any.</param>
public readonly record struct CallRecord(string Method, string Name, TimeSpan Duration, bool IsError, string? Error);
