using System.CommandLine;
using System.Text.Json.Nodes;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start custom --command "node server.js"</c>: any stdio MCP server, served over HTTP at a public URL.</summary>
internal sealed class StartCustomCommand : StartTypeCommand
{
    private static readonly Option<string?> s_command = new("--command")
    {
        Description = "The stdio MCP server to run (required), quoted as one argument: \"node server.js\". Split like a shell splits words, but run without a shell.",
        HelpName = "COMMAND",
    };

    private static readonly Option<string[]> s_env = new("--env", "-e")
    {
        Description = "An environment variable for it, NAME=value (repeatable). It also gets your environment.",
        HelpName = "NAME=VALUE",
    };

    public StartCustomCommand(CliContext context)
        : base("custom", "Serve any stdio MCP server (it runs as a child process) over HTTP at a public URL.", context)
    {
        Options.Add(s_command);
        Options.Add(s_env);
        Examples =
        [
            "mcp-bridge start custom --command \"node server.js\" --temp",
            "mcp-bridge start custom --command \"npx -y @modelcontextprotocol/server-memory\" --cloud --name memory",
            "mcp-bridge start custom --command \"python -m my_server\" --env API_TOKEN=... --temp",
        ];
    }

    protected override StartPlan? Plan(ParseResult parseResult, List<string> errors)
    {
        var environment = new JsonObject();
        foreach (var pair in parseResult.GetValue(s_env) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"--env '{pair}': expected NAME=value");
                continue;
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        if (parseResult.GetValue(s_command) is not { Length: > 0 } text)
        {
            errors.Add("--command is required for custom: the stdio MCP server to run, e.g. --command \"node server.js\"");
            return null;
        }

        var windows = OperatingSystem.IsWindows();
        if (!CommandLineSplitter.TrySplit(text, windows, out var words, out var splitError))
        {
            errors.Add($"--command cannot be read: {splitError}");
            return null;
        }

        var workingDirectory = Directory.GetCurrentDirectory();
        var program = ExecutableLocator.Find(words[0], workingDirectory, Context.Environment.GetVariable("PATH"), Context.Environment.GetVariable("PATHEXT"), windows);
        if (program is null)
        {
            errors.Add(words[0].Contains('/') || (windows && words[0].Contains('\\'))
                ? $"--command: {words[0]} does not exist or is not executable"
                : $"--command: '{words[0]}' was not found on PATH");
            return null;
        }

        if (errors.Count > 0)
        {
            return null;
        }

        // The child gets the user's environment, as if run from their shell, but not the mcp-bridge account key.
        var inherited = Context.Environment.GetVariables()
            .Where(v => !string.Equals(v.Key, EnvironmentVariables.ApiKey, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return new StartPlan
        {
            Type = Name,
            Title = "Custom",
            NameHint = Path.GetFileNameWithoutExtension(words[0]),
            Source = new LocalSourceSpec(Name, new LocalCommandConnector(inherited), new JsonObject
            {
                ["command"] = program,
                ["args"] = new JsonArray([.. words.Skip(1).Select(w => JsonValue.Create(w))]),
                ["env"] = environment,
                ["workingDirectory"] = workingDirectory,
            }),

            // npx and friends may download the server first.
            StartWait = TimeSpan.FromSeconds(90),
        };
    }
}
