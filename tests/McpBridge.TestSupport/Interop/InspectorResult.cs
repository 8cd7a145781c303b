using System.Text.Json;

namespace McpBridge.TestSupport.Interop;

/// <summary>The Inspector CLI's answer: the method's JSON result on stdout, exit 1 with a message on failure.</summary>
public sealed class InspectorResult
{
    internal InspectorResult(CapturedProcessResult process)
    {
        Process = process;
        Output = Parse(process.Stdout.Trim()) ?? Parse(process.LastLine) ?? default;
    }

    public CapturedProcessResult Process { get; }

    public JsonElement Output { get; }

    public bool Succeeded => Process.ExitCode == 0 && !Process.TimedOut && Output.ValueKind == JsonValueKind.Object;

    /// <summary>The names in a <c>tools/list</c> result.</summary>
    public IReadOnlyList<string> ToolNames =>
        Output.ValueKind == JsonValueKind.Object && Output.TryGetProperty("tools", out var tools)
            ? [.. tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()!)]
            : [];

    /// <summary>The text content blocks of a <c>tools/call</c> result.</summary>
    public IReadOnlyList<string> Texts =>
        Output.ValueKind == JsonValueKind.Object && Output.TryGetProperty("content", out var content)
            ? [.. content.EnumerateArray().Where(c => c.GetProperty("type").GetString() == "text").Select(c => c.GetProperty("text").GetString()!)]
            : [];

    public string Describe() => Process.Describe();

    private static JsonElement? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
