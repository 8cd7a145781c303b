using System.CommandLine;

namespace McpBridge.Cli.Commands.Tunnels;

/// <summary>The NAME argument of the tunnel verbs.</summary>
internal static class TunnelNameArgument
{
    public static Argument<string> Create() => new("NAME")
    {
        Description = "The tunnel's name, which is also its address: NAME.host, or /t/NAME on the path form.",
    };
}
