using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin catalog dry-run ID</c>.</summary>
internal sealed class AdminCatalogDryRunCommand : ApiCommand
{
    private static readonly Argument<string> s_id = new("ID")
    {
        Description = "The package id (see `mcp-bridge admin catalog list`).",
    };

    public AdminCatalogDryRunCommand(CliContext context)
        : base("dry-run", "Start a package once on the server to learn its tools again; the catalog lists what it finds.", context)
    {
        Arguments.Add(s_id);
        Examples = ["mcp-bridge admin catalog dry-run memory"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var package = await invocation.Client.DryRunCatalogPackageAsync(invocation.ParseResult.GetRequiredValue(s_id), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(package);
        }
        else if (package.DryRunError is { } error)
        {
            output.Error(error);
        }
        else
        {
            output.Line($"[green]✓[/] [bold]{CommandOutput.Escape(package.Id)}[/] offers {package.Tools.Count} tool(s):");
            output.Out.Write(AdminViews.ToolTable(package.Tools));
        }

        return package.DryRunError is null ? ExitCodes.Success : ExitCodes.Failure;
    }
}
