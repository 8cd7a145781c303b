using System.CommandLine;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin set-plan ACCOUNT PLAN</c>.</summary>
internal sealed class AdminSetPlanCommand : ApiCommand
{
    private static readonly Argument<string> s_account = new("ACCOUNT")
    {
        Description = "The account id (see `mcp-bridge admin accounts`).",
    };

    private static readonly Argument<string> s_plan = new("PLAN")
    {
        Description = "The plan id, e.g. free or pro.",
    };

    public AdminSetPlanCommand(CliContext context)
        : base("set-plan", "Move an account to another plan; its limits change at once.", context)
    {
        Arguments.Add(s_account);
        Arguments.Add(s_plan);
        Examples = ["mcp-bridge admin set-plan acc_123 pro"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var account = await invocation.Client.SetAccountPlanAsync(
            invocation.ParseResult.GetRequiredValue(s_account),
            new SetPlanRequest(invocation.ParseResult.GetRequiredValue(s_plan)),
            cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(account);
        }
        else
        {
            output.Line($"[green]Account {CommandOutput.Escape(account.Id)} is now on the {CommandOutput.Escape(account.Plan)} plan.[/]");
        }

        return ExitCodes.Success;
    }
}
