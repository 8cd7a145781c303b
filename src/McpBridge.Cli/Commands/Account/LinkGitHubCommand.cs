using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Account;

/// <summary><c>mcp-bridge link-github</c>: a link that ties a GitHub user to this account, for dashboard sign-in.</summary>
internal sealed class LinkGitHubCommand : ApiCommand
{
    public LinkGitHubCommand(CliContext context)
        : base("link-github", "Print a link (valid 10 minutes) that ties your GitHub user to this account, so you can sign in to the dashboard with GitHub.", context)
    {
        Examples = ["mcp-bridge link-github"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var link = await invocation.Client.CreateGitHubLinkAsync(cancellationToken);
        if (invocation.Output.IsJson)
        {
            invocation.Output.WriteJson(link);
            return ExitCodes.Success;
        }

        invocation.Output.Line("Open this link in your browser and sign in to GitHub (it works once, for 10 minutes):");
        invocation.Output.Line(CommandOutput.Escape(link.Url));
        return ExitCodes.Success;
    }
}
