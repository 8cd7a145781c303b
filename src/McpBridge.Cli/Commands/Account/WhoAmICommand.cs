using System.Globalization;
using McpBridge.Cli.Infrastructure;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Account;

/// <summary><c>mcp-bridge whoami</c>: the account, its plan's limits and what it uses of them.</summary>
internal sealed class WhoAmICommand : ApiCommand
{
    public WhoAmICommand(CliContext context)
        : base("whoami", "Show the signed-in account: id, plan, limits and usage.", context)
    {
        Examples = ["mcp-bridge whoami", "mcp-bridge whoami --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var account = await invocation.Client.GetAccountAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(account);
            return ExitCodes.Success;
        }

        var plan = account.Plan;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("Server", CommandOutput.Escape(invocation.Connection.ServerText));
        grid.AddRow("Account", CommandOutput.Escape(account.Id));
        if (account.Name is { Length: > 0 })
        {
            grid.AddRow("Name", CommandOutput.Escape(account.Name));
        }

        if (account.GitHubLogin is { Length: > 0 })
        {
            grid.AddRow("GitHub", CommandOutput.Escape(account.GitHubLogin));
        }

        grid.AddRow("Plan", $"[bold]{CommandOutput.Escape(plan.Name)}[/] ({CommandOutput.Escape(plan.Id)}){(account.IsAdmin ? " [magenta]admin[/]" : "")}");
        grid.AddRow("Servers", $"{account.Usage.Servers} of {Limit(plan.MaxServers)}");
        grid.AddRow("Calls this month", $"{account.Usage.CallsThisMonth.ToString("N0", CultureInfo.InvariantCulture)} of {Limit(plan.MonthlyCalls)} (resets {account.Usage.MonthResetsAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
        grid.AddRow("Tools per server", Limit(plan.MaxToolsPerServer));
        grid.AddRow("Calls per minute", Limit(plan.CallsPerMinute));
        grid.AddRow("Premium connectors", plan.PremiumConnectors ? "yes" : "no");
        grid.AddRow("Tunnels", $"{Limit(plan.MaxPersistentTunnels)} persistent, {Limit(plan.MaxTemporaryTunnels)} temporary at a time, {Limit(plan.MonthlyTunnelRequests)} requests a month ('mcp-bridge tunnels list' shows use)");
        grid.AddRow("Member since", account.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        output.Out.Write(grid);
        return ExitCodes.Success;
    }

    private static string Limit(long? limit) => limit?.ToString("N0", CultureInfo.InvariantCulture) ?? "unlimited";
}
