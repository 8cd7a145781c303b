using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Start;

/// <summary><c>mcp-bridge start http-proxy --target URL</c>: any local web app at a public URL (webhooks, demos). No MCP server runs.</summary>
internal sealed class StartHttpProxyCommand : StartTypeCommand
{
    private static readonly Option<string?> s_target = new("--target")
    {
        Description = "The local web app to forward to (required), e.g. http://localhost:3000.",
        HelpName = "URL",
    };

    public StartHttpProxyCommand(CliContext context)
        : base("http-proxy", "Give a local web app (a webhook receiver, a demo) a public URL; requests are forwarded as they are.", context)
    {
        Options.Add(s_target);
        Examples =
        [
            "mcp-bridge start http-proxy --target http://localhost:3000 --temp",
            "mcp-bridge start http-proxy --target http://localhost:3000 --temp --name client-demo",
            "mcp-bridge start http-proxy --target http://127.0.0.1:8080 --cloud --name webhooks",
        ];
    }

    protected override StartPlan? Plan(ParseResult parseResult, List<string> errors)
    {
        var target = parseResult.GetValue(s_target);
        if (string.IsNullOrWhiteSpace(target))
        {
            errors.Add("--target is required for http-proxy: the local app's URL, e.g. --target http://localhost:3000");
            return null;
        }

        // A bare port or host:port is what people type for a local app.
        var candidate = target.Trim();
        if (int.TryParse(candidate, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            candidate = "http://localhost:" + candidate;
        }
        else if (!candidate.Contains("://", StringComparison.Ordinal))
        {
            candidate = "http://" + candidate;
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            errors.Add($"--target '{target}' is not an http(s) URL such as http://localhost:3000");
            return null;
        }

        return new StartPlan { Type = Name, Title = "Proxy", NameHint = "proxy", Target = url };
    }
}
