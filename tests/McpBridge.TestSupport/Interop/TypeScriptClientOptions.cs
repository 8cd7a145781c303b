namespace McpBridge.TestSupport.Interop;

/// <summary>What <see cref="TypeScriptClient"/> does: connect, list tools, optionally call one.</summary>
public sealed class TypeScriptClientOptions
{
    /// <summary><c>http</c> (Streamable HTTP) or <c>sse</c> (legacy HTTP+SSE).</summary>
    public string Transport { get; init; } = "http";

    /// <summary>Extra request headers (say, <c>Authorization</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The tool to call after listing, if any.</summary>
    public string? Tool { get; init; }

    /// <summary>The tool's arguments as a JSON object.</summary>
    public string ArgumentsJson { get; init; } = "{}";

    /// <summary>Asks for progress notifications (sends a progress token) and records them.</summary>
    public bool Progress { get; init; }

    /// <summary>Sends <c>logging/setLevel</c> with this level before listing, when set.</summary>
    public string? LogLevel { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
