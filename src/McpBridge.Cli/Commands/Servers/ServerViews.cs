using System.Globalization;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;
using Spectre.Console;

namespace McpBridge.Cli.Commands.Servers;

/// <summary>How servers, tools, keys, versions and endpoints look in a terminal.</summary>
internal static class ServerViews
{
    public static Table ServerTable(IEnumerable<ServerInfo> servers, CommandOutput output)
    {
        var table = new Table().AddColumns("SLUG", "NAME", "STATUS", "LIVE", "TOOLS", "LAST ACTIVE", "ENDPOINT").NoWrap(0, 6);
        foreach (var server in servers)
        {
            table.AddRow(
                CommandOutput.Escape(server.Slug),
                CommandOutput.Escape(server.Name),
                Status(server.Status),
                server.LiveVersion is { } live ? "v" + live.ToString(CultureInfo.InvariantCulture) : "-",
                server.ToolCount.ToString(CultureInfo.InvariantCulture),
                output.Ago(server.LastActiveAt),
                CommandOutput.Escape(server.Endpoints.Mcp));
        }

        return table;
    }

    public static Grid ServerGrid(ServerInfo server, CommandOutput output)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("Name", $"[bold]{CommandOutput.Escape(server.Name)}[/]");
        grid.AddRow("Slug", CommandOutput.Escape(server.Slug));
        grid.AddRow("Id", CommandOutput.Escape(server.Id));
        grid.AddRow("Status", Status(server.Status));
        grid.AddRow("Live version", server.LiveVersion is { } live ? "v" + live.ToString(CultureInfo.InvariantCulture) : "none (deploy it with `mcp-bridge deploy " + CommandOutput.Escape(server.Slug) + "`)");
        grid.AddRow("Created", output.Ago(server.CreatedAt));
        grid.AddRow("Last active", output.Ago(server.LastActiveAt));
        AddEndpoints(grid, server.Endpoints);
        return grid;
    }

    public static void AddEndpoints(Grid grid, ServerEndpoints endpoints)
    {
        grid.AddRow("MCP endpoint", $"[link]{CommandOutput.Escape(endpoints.Mcp)}[/]");
        grid.AddRow("SSE endpoint", CommandOutput.Escape(endpoints.Sse));
        grid.AddRow("Path form", CommandOutput.Escape(endpoints.PathMcp));
    }

    public static Table ToolTable(IEnumerable<ToolInfo> tools, CommandOutput output)
    {
        var table = new Table().AddColumns("NAME", "CONNECTOR", "ID", "CONFIG", "ADDED").NoWrap(0, 1, 2);
        foreach (var tool in tools)
        {
            table.AddRow(
                CommandOutput.Escape(tool.Name),
                CommandOutput.Escape(tool.Connector),
                CommandOutput.Escape(tool.Id),
                CommandOutput.Escape(tool.Config.ValueKind is System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null ? "{}" : tool.Config.GetRawText()),
                output.Ago(tool.CreatedAt));
        }

        return table;
    }

    public static Table KeyTable(IEnumerable<KeyInfo> keys, CommandOutput output)
    {
        var table = new Table().AddColumns("ID", "NAME", "PREFIX", "CREATED", "LAST USED", "STATUS").NoWrap(0, 2);
        foreach (var key in keys)
        {
            table.AddRow(
                CommandOutput.Escape(key.Id),
                CommandOutput.Escape(key.Name ?? "-"),
                CommandOutput.Escape(key.Prefix) + "...",
                output.Ago(key.CreatedAt),
                output.Ago(key.LastUsedAt),
                key.RevokedAt is { } revoked ? $"[grey]revoked {output.Ago(revoked)}[/]" : "[green]active[/]");
        }

        return table;
    }

    public static Table VersionTable(IEnumerable<VersionInfo> versions, CommandOutput output)
    {
        var table = new Table().AddColumns("VERSION", "DEPLOYED", "TOOLS", "LIVE");
        foreach (var version in versions)
        {
            table.AddRow(
                "v" + version.Version.ToString(CultureInfo.InvariantCulture),
                output.Ago(version.CreatedAt),
                version.ToolCount.ToString(CultureInfo.InvariantCulture),
                version.Live ? "[green]live[/]" : "");
        }

        return table;
    }

    public static string Status(string status) => status switch
    {
        "running" or "ready" => $"[green]{status}[/]",
        "draft" or "starting" => $"[yellow]{status}[/]",
        "error" or "failed" => $"[red]{status}[/]",
        _ => CommandOutput.Escape(status),
    };
}
