using System.CommandLine;
using McpBridge.Cli.Infrastructure;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Catalog;

/// <summary><c>mcp-bridge catalog [--category C]</c>: the connectors tools can be made from.</summary>
internal sealed class CatalogCommand : ApiCommand
{
    private static readonly Option<string?> s_category = new("--category")
    {
        Description = "Only connectors of this category (e.g. Files, Web, Databases).",
        HelpName = "CATEGORY",
    };

    public CatalogCommand(CliContext context)
        : base("catalog", "List the connectors you can add to a server as tools. --json includes each one's config schema.", context)
    {
        Options.Add(s_category);
        Examples = ["mcp-bridge catalog", "mcp-bridge catalog --category Files", "mcp-bridge catalog --json"];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var category = invocation.ParseResult.GetValue(s_category);
        var connectors = (await invocation.Client.ListCatalogAsync(cancellationToken))
            .Where(c => category is null || string.Equals(c.Category, category, StringComparison.OrdinalIgnoreCase))
            .ToArray();

        if (output.IsJson)
        {
            output.WriteJson(connectors);
            return ExitCodes.Success;
        }

        if (connectors.Length == 0)
        {
            output.Line(category is null ? "The catalog is empty." : $"No connectors in category '{CommandOutput.Escape(category)}'.");
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("ID", "NAME", "CATEGORY", "PREMIUM", "DESCRIPTION").NoWrap(0);
        // The server lists connectors in display order (by category, then name): keep it.
        foreach (var connector in connectors)
        {
            table.AddRow(
                $"[bold]{CommandOutput.Escape(connector.Id)}[/]",
                CommandOutput.Escape(connector.Name),
                CommandOutput.Escape(connector.Category),
                connector.Premium ? "[yellow]premium[/]" : "",
                CommandOutput.Escape(connector.Description));
        }

        output.Out.Write(table);
        output.Line("[grey]Add one with `mcp-bridge tools add SERVER CONNECTOR --set key=value`; `--json` shows each config schema.[/]");
        return ExitCodes.Success;
    }
}
