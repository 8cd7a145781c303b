namespace McpBridge.Mcp.Tests.Conformance;

/// <summary>How the conformance tools reach the composite server under test.</summary>
public enum ConformanceSourceKind
{
    /// <summary>An <c>InProcessSource</c> over the tools themselves.</summary>
    InProcess,

    /// <summary>A <c>ClientSource</c> over a stdio child process running the tools.</summary>
    Stdio,

    /// <summary>A <c>ClientSource</c> over Streamable HTTP to a child process serving the tools.</summary>
    RemoteHttp,
}
