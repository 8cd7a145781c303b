using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin accounts</c>.</summary>
internal sealed class AdminAccountsCommand : ApiCommand
{
    public AdminAccountsCommand(CliContext context)
        : base("accounts", "List every account with its plan and server count.", context)
    {
        Examples = ["mcp-bridge admin accounts", "mcp-bridge admin accounts --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var accounts = await invocation.Client.ListAccountsAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(accounts);
        }
        else
        {
            output.Out.Write(AdminViews.AccountTable(accounts, output));
        }

        return ExitCodes.Success;
    }
}
