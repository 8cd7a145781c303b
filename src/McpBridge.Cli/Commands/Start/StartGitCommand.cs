using System.CommandLine;
using System.Text.Json.Nodes;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start git --repo DIR</c>: a git repository's history and files as MCP tools, with a public URL.</summary>
internal sealed class StartGitCommand : StartTypeCommand
{
    private static readonly Option<string?> s_repo = new("--repo")
    {
        Description = "The repository's folder, or any folder inside it (required).",
        HelpName = "DIR",
    };

    public StartGitCommand(CliContext context)
        : base("git", "Serve a git repository (log, diffs, files, blame) as MCP tools at a public URL.", context)
    {
        Options.Add(s_repo);
        Examples =
        [
            "mcp-bridge start git --repo ~/Projects/app --cloud",
            "mcp-bridge start git --repo . --temp",
        ];
    }

    protected override StartPlan? Plan(ParseResult parseResult, List<string> errors)
    {
        if (parseResult.GetValue(s_repo) is not { Length: > 0 } repo)
        {
            errors.Add("--repo is required for git: the repository's folder, e.g. --repo ~/Projects/app");
            return null;
        }

        var folder = FullPath(repo);
        if (!Directory.Exists(folder))
        {
            errors.Add($"--repo: the folder {folder} does not exist");
            return null;
        }

        if (RepositoryTop(folder) is not { } top)
        {
            errors.Add($"--repo: {folder} is not in a git repository (no .git here or above)");
            return null;
        }

        return new StartPlan
        {
            Type = Name,
            Title = "Git",
            NameHint = Path.GetFileName(top) is { Length: > 0 } leaf ? leaf : "repo",
            Source = new LocalSourceSpec(Name, LocalConnectors.Git(), new JsonObject { ["repo"] = folder }),

            // Runs git once: a git that is not installed, or a repository it cannot read, shows now.
            CheckTool = "git_status",
        };
    }

    /// <summary>
    /// The repository's top folder, for the default name and an early "not a repository": the folder holding <c>.git</c>
    /// (a folder, or a file in a worktree or submodule) at or above <paramref name="folder"/>, or a bare repository itself.
    /// </summary>
    private static string? RepositoryTop(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            var git = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current.FullName;
            }
        }

        var bare = File.Exists(Path.Combine(folder, "HEAD")) && Directory.Exists(Path.Combine(folder, "objects")) && Directory.Exists(Path.Combine(folder, "refs"));
        return bare ? folder : null;
    }
}
