using System.CommandLine;
using System.Text.Json.Nodes;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start filesystem --path DIR</c>: a folder's files as MCP tools, with a public URL.</summary>
internal sealed class StartFilesystemCommand : StartTypeCommand
{
    private static readonly Option<string?> s_path = new("--path")
    {
        Description = "The folder to serve (required). Paths cannot leave it.",
        HelpName = "DIR",
    };

    private static readonly Option<bool> s_readOnly = new("--read-only")
    {
        Description = "Only list, read and search: writing files is refused.",
    };

    public StartFilesystemCommand(CliContext context)
        : base("filesystem", "Serve a folder as MCP tools (list, read, search, write files) at a public URL.", context)
    {
        Options.Add(s_path);
        Options.Add(s_readOnly);
        Examples =
        [
            "mcp-bridge start filesystem --path ~/Documents/Research --cloud          # https://sarah-research.{host}",
            "mcp-bridge start filesystem --path ~/notes --cloud --name notes --read-only",
            "mcp-bridge start filesystem --path . --temp",
        ];
    }

    protected override StartPlan? Plan(ParseResult parseResult, List<string> errors)
    {
        if (parseResult.GetValue(s_path) is not { Length: > 0 } path)
        {
            errors.Add("--path is required for filesystem: the folder to serve, e.g. --path ~/Documents/notes");
            return null;
        }

        var folder = FullPath(path);
        if (!Directory.Exists(folder))
        {
            errors.Add($"--path: the folder {folder} does not exist");
            return null;
        }

        return new StartPlan
        {
            Type = Name,
            Title = "Filesystem",
            NameHint = Path.GetFileName(folder) is { Length: > 0 } leaf ? leaf : "files",
            Source = new LocalSourceSpec(Name, LocalConnectors.Filesystem(), new JsonObject
            {
                ["root"] = folder,
                ["readOnly"] = parseResult.GetValue(s_readOnly),
            }),
        };
    }
}
