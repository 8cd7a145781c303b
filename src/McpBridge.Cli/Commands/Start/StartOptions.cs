using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Start;

/// <summary>The options every <c>start TYPE</c> takes (recursive on <c>start</c>, so they may come before or after the type).</summary>
internal static class StartOptions
{
    public static readonly Option<bool> Cloud = new("--cloud")
    {
        Description = "A persistent URL that never changes (needs an account: mcp-bridge signup or login).",
        Recursive = true,
    };

    public static readonly Option<bool> Temp = new("--temp")
    {
        Description = "A temporary URL for 2 hours; no account needed.",
        Recursive = true,
    };

    public static readonly Option<string?> Name = new("--name")
    {
        Description = "The tunnel's name, its subdomain. --cloud: default {account}-{folder, repository, database...}; --temp: temp-{name}-xxxxxx (default temp-xxxxxxxx).",
        HelpName = "NAME",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Do not print a line per request.",
        Recursive = true,
    };

    public static readonly Option<int?> Port = new Option<int?>("--port")
    {
        Description = "The local MCP server's port on 127.0.0.1 (default: a free one).",
        HelpName = "PORT",
        Recursive = true,
    }.InRange(1, 65535);
}
