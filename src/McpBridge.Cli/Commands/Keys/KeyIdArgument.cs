using System.CommandLine;

namespace McpBridge.Cli.Commands.Keys;

/// <summary>The KEYID argument.</summary>
internal static class KeyIdArgument
{
    public static Argument<string> Create() => new("KEYID")
    {
        Description = "The key's id (see `mcp-bridge keys list SERVER`).",
    };
}
