using System.Globalization;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Admin;

/// <summary>How accounts and catalog packages look in the admin listings.</summary>
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

    public static Table PackageTable(IEnumerable<CatalogPackageInfo> packages)
    {
        var table = new Table().AddColumns("ID", "ORIGIN", "COMMAND", "CONFIG", "TOOLS", "").NoWrap(0);
        foreach (var package in packages)
        {
            var variables = package.Env.Where(e => !e.Value.Fixed)
                .Select(e => e.Key + (e.Value.Required ? "*" : "") + (e.Value.Secret ? " (secret)" : ""));
            table.AddRow(
                $"[bold]{CommandOutput.Escape(package.Id)}[/]",
                CommandOutput.Escape(package.Origin),
                CommandOutput.Escape(string.Join(' ', [package.Command, .. package.Args])),
                CommandOutput.Escape(string.Join(", ", variables) is { Length: > 0 } list ? list : "-"),
                package.ToolsLearnedAt is null
                    ? $"{package.Tools.Count} [grey](declared)[/]"
                    : $"{package.Tools.Count} [grey](dry run)[/]",
                package.Premium ? "[yellow]premium[/]" : "");
        }

        return table;
    }

    public static Table ToolTable(IEnumerable<ConnectorToolInfo> tools)
    {
        var table = new Table().AddColumns("TOOL", "DESCRIPTION").NoWrap(0);
        foreach (var tool in tools)
        {
            table.AddRow(CommandOutput.Escape(tool.Name), CommandOutput.Escape(tool.Description));
        }

        return table;
    }
}
