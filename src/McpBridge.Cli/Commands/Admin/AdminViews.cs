using System.Globalization;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Admin;

/// <summary>How accounts look in the admin listing.</summary>
internal static class AdminViews
{
    public static Table AccountTable(IEnumerable<AdminAccountInfo> accounts, CommandOutput output)
    {
        var table = new Table().AddColumns("ID", "NAME", "PLAN", "SERVERS", "CREATED", "").NoWrap(0);
        foreach (var account in accounts)
        {
            table.AddRow(
                CommandOutput.Escape(account.Id),
                CommandOutput.Escape(account.Name ?? "-"),
                CommandOutput.Escape(account.Plan),
                account.Servers.ToString(CultureInfo.InvariantCulture),
                output.Ago(account.CreatedAt),
                account.IsAdmin ? "[magenta]admin[/]" : "");
        }

        return table;
    }
}
