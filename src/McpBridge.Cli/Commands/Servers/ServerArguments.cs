using System.CommandLine;

namespace McpBridge.Cli.Commands.Servers;

/// <summary>The SERVER argument, shared by every per-server verb.</summary>
internal static class ServerArguments
{
    public static Argument<string> Create() => new("SERVER")
    {
        Description = "The server's slug or id.",
    };
}
