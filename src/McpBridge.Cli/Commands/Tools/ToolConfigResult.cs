using System.Text.Json.Nodes;

namespace McpBridge.Cli.Commands.Tools;

/// <summary>A configuration read from the command line, or why it could not be.</summary>
internal sealed record ToolConfigResult(JsonObject? Config, string? Error)
{
    public static ToolConfigResult Success(JsonObject config) => new(config, null);

    public static ToolConfigResult Failure(string error) => new(null, error);
}
