using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace McpBridge.Cli.Infrastructure;

/// <summary>
/// How a command reports: a human view on stdout (Spectre), or with <c>--json</c> the DTO as JSON and nothing
/// else; errors and hints always on stderr, one clear line each.
/// </summary>
internal sealed class CommandOutput(ICliConsole console, bool json, TimeProvider time)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // stdout is not HTML: keep '<', '&' and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool IsJson => json;

    public IAnsiConsole Out => console.Out;

    public ICliConsole Console => console;

    public void WriteJson<T>(T value) => console.Output.WriteLine(JsonSerializer.Serialize(value, s_json));

    /// <summary>Writes a line of Spectre markup on stdout (unless <c>--json</c>).</summary>
    public void Line(string markup = "")
    {
        if (!json)
        {
            console.Out.MarkupLine(markup);
        }
    }

    public void Error(string message) => console.Error.WriteLine("error: " + message);

    public void Detail(string message) => console.Error.WriteLine("  " + message);

    public void Hint(string message) => console.Error.WriteLine("hint: " + message);

    public void Warning(string message) => console.Error.WriteLine("warning: " + message);

    public int UsageError(string message, string? hint = null)
    {
        Error(message);
        if (hint is not null)
        {
            Hint(hint);
        }

        return ExitCodes.UsageError;
    }

    /// <summary>"3 min ago", "2 days ago", or "never".</summary>
    public string Ago(DateTimeOffset? at)
    {
        if (at is null)
        {
            return "never";
        }

        var elapsed = time.GetUtcNow() - at.Value;
        return elapsed switch
        {
            { TotalSeconds: < 0 } => at.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            { TotalSeconds: < 60 } => "just now",
            { TotalMinutes: < 60 } => $"{(int)elapsed.TotalMinutes} min ago",
            { TotalHours: < 24 } => $"{(int)elapsed.TotalHours} h ago",
            { TotalDays: < 60 } => $"{(int)elapsed.TotalDays} days ago",
            _ => at.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    public static string Escape(string? text) => Markup.Escape(text ?? string.Empty);
}
