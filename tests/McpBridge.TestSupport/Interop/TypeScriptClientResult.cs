using System.Text.Json;

namespace McpBridge.TestSupport.Interop;

/// <summary>What the TypeScript SDK client saw.</summary>
public sealed class TypeScriptClientResult
{
    internal TypeScriptClientResult(CapturedProcessResult process)
    {
        Process = process;
        try
        {
            using var document = JsonDocument.Parse(process.LastLine);
            Output = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Output = default;
        }
    }

    public CapturedProcessResult Process { get; }

    /// <summary>The client's one JSON line (undefined when it printed none).</summary>
    public JsonElement Output { get; }

    public bool Succeeded => Process.ExitCode == 0 && !Process.TimedOut && Output.ValueKind == JsonValueKind.Object && !Output.TryGetProperty("error", out _);

    public string? Error => Output.ValueKind == JsonValueKind.Object && Output.TryGetProperty("error", out var e) ? e.GetString() : null;

    /// <summary>The HTTP status or JSON-RPC code of a failure, when the SDK reported one.</summary>
    public int? ErrorCode => Output.ValueKind == JsonValueKind.Object && Output.TryGetProperty("code", out var c) && c.TryGetInt32(out var code) ? code : null;

    public IReadOnlyList<string> Tools => Array(Output, "tools").Select(t => t.GetString()!).ToArray();

    /// <summary>The <c>tools/call</c> result, or undefined when no tool was called.</summary>
    public JsonElement Call => Output.ValueKind == JsonValueKind.Object && Output.TryGetProperty("call", out var call) ? call : default;

    /// <summary>The text of every text content block of the call's result.</summary>
    public IReadOnlyList<string> CallTexts => Call.ValueKind == JsonValueKind.Object
        ? Array(Call, "content").Where(c => c.GetProperty("type").GetString() == "text").Select(c => c.GetProperty("text").GetString()!).ToArray()
        : [];

    public bool CallIsError => Call.ValueKind == JsonValueKind.Object && Call.TryGetProperty("isError", out var e) && e.ValueKind == JsonValueKind.True;

    public IReadOnlyList<JsonElement> ProgressNotifications => Array(Output, "progress");

    /// <summary>The <c>params</c> of every <c>notifications/message</c> received.</summary>
    public IReadOnlyList<JsonElement> LogNotifications => Array(Output, "logs");

    public string Describe() => Process.Describe();

    private static JsonElement[] Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : [];
}
