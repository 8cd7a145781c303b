using System.Text.Json.Nodes;

namespace McpBridge.Connectors;

/// <summary>The outcome of <see cref="ConfigValidation.Validate"/>.</summary>
/// <param name="IsValid">Whether the config satisfies the schema.</param>
/// <param name="Normalized">The config with defaults applied (only meaningful when valid).</param>
/// <param name="Errors">Field-level errors keyed by JSON path relative to the config; empty when valid.</param>
public sealed record ConfigValidationResult(bool IsValid, JsonObject Normalized, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>All errors in one line each, as <c>path: message</c>, for logs and command-line output.</summary>
    public IEnumerable<string> Describe() =>
        Errors.SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? $"the configuration {m}" : $"{e.Key}: {m}"));
}
