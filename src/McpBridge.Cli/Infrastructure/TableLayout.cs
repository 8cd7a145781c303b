using Spectre.Console;

namespace McpBridge.Cli.Infrastructure;

/// <summary>Table tweaks shared by the views.</summary>
internal static class TableLayout
{
    /// <summary>
    /// Keeps the given columns on one line: ids, slugs and URLs are copied from tables, and a value broken
    /// over two lines cannot be. Descriptions and messages wrap instead.
    /// </summary>
    public static Table NoWrap(this Table table, params int[] columns)
    {
        foreach (var column in columns)
        {
            table.Columns[column].NoWrap = true;
        }

        return table;
    }
}
