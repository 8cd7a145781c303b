using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin catalog remove ID [--force]</c>.</summary>
internal sealed class AdminCatalogRemoveCommand : ApiCommand
{
    private static readonly Argument<string> s_id = new("ID")
    {
        Description = "The id of a package added with `admin catalog add`.",
    };

    private static readonly Option<bool> s_force = new("--force")
    {
        Description = "Remove it even while servers' tools use it (their next deploy asks their owners to remove those tools).",
    };

    public AdminCatalogRemoveCommand(CliContext context)
        : base("remove", "Take a package added with `admin catalog add` out of the catalog; it can no longer be added or deployed.", context)
    {
        Aliases.Add("rm");
        Arguments.Add(s_id);
        Options.Add(s_force);
        Examples = ["mcp-bridge admin catalog remove github", "mcp-bridge admin catalog remove github --force"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var id = invocation.ParseResult.GetRequiredValue(s_id);
        var package = await invocation.Client.RemoveCatalogPackageAsync(id, invocation.ParseResult.GetValue(s_force), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(new DeletedResult(package.Id, Deleted: true));
        }
        else
        {
            output.Line($"[green]Removed[/] [bold]{CommandOutput.Escape(package.Id)}[/] from the catalog.");
        }

        return ExitCodes.Success;
    }
}
