using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin catalog list</c>.</summary>
internal sealed class AdminCatalogListCommand : ApiCommand
{
    public AdminCatalogListCommand(CliContext context)
        : base("list", "List the approved stdio packages: who approved them (built-in, configuration, admin), the command they run and their tools.", context)
    {
        Aliases.Add("ls");
        Examples = ["mcp-bridge admin catalog list", "mcp-bridge admin catalog list --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var packages = await invocation.Client.ListCatalogPackagesAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(packages);
            return ExitCodes.Success;
        }

        output.Out.Write(AdminViews.PackageTable(packages));
        foreach (var package in packages.Where(p => p.DryRunError is not null))
        {
            output.Warning(package.DryRunError!);
        }

        return ExitCodes.Success;
    }
}
