using System.CommandLine;
using System.Text.Json.Nodes;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start home-assistant --url U --token T</c>: a Home Assistant instance as MCP tools with a public URL.</summary>
internal sealed class StartHomeAssistantCommand : StartTypeCommand
{
    /// <summary>Where the token may come from instead of the command line (where other users of the machine can see it).</summary>
    public const string TokenVariable = "HOME_ASSISTANT_TOKEN";

    private static readonly Option<string?> s_url = new("--url")
    {
        Description = "Home Assistant's address (required), e.g. http://homeassistant.local:8123.",
        HelpName = "URL",
    };

    private static readonly Option<string?> s_token = new("--token")
    {
        Description = $"A long-lived access token (Profile → Security in Home Assistant); default ${TokenVariable}.",
        HelpName = "TOKEN",
    };

    public StartHomeAssistantCommand(CliContext context)
        : base("home-assistant", "Serve a Home Assistant instance (states, services) as MCP tools at a public URL.", context)
    {
        Options.Add(s_url);
        Options.Add(s_token);
        Examples =
        [
            "mcp-bridge start home-assistant --url http://homeassistant.local:8123 --token TOKEN --cloud",
            $"{TokenVariable}=TOKEN mcp-bridge start home-assistant --url http://192.168.1.20:8123 --cloud --name home",
        ];
    }

    protected override StartPlan? Plan(ParseResult parseResult, List<string> errors)
    {
        var url = parseResult.GetValue(s_url);
        var token = parseResult.GetValue(s_token) is { Length: > 0 } given ? given : Context.Environment.GetVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("--url is required for home-assistant: its address, e.g. --url http://homeassistant.local:8123");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Host.Length == 0)
        {
            errors.Add($"--url '{url}' is not an http(s) URL such as http://homeassistant.local:8123");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            errors.Add($"--token is required for home-assistant (or set ${TokenVariable}): a long-lived access token from your Home Assistant profile");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new StartPlan
        {
            Type = Name,
            Title = "Home Assistant",
            NameHint = "ha",
            Source = new LocalSourceSpec(Name, LocalConnectors.HomeAssistant(), new JsonObject { ["url"] = url, ["token"] = token }),

            // A Home Assistant that is not there, or a token it refuses, shows before the URL is handed out.
            CheckTool = "ha_list_services",
        };
    }
}
