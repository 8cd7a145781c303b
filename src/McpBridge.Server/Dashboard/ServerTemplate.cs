namespace McpBridge.Server.Dashboard;

/// <summary>A starting point for a new server: a name and the connectors that make it useful together.</summary>
internal sealed record ServerTemplate(string Id, string Name, string Description, IReadOnlyList<string> Connectors)
{
    public static IReadOnlyList<ServerTemplate> All { get; } =
    [
        new("codebase", "Codebase assistant", "Read a git repository's history and files, with a private folder for notes.", ["git", "filesystem"]),
        new("data", "Data assistant", "Query a PostgreSQL database read-only and fetch web pages for context.", ["postgres", "fetch"]),
        new("research", "Research notes", "Fetch web pages as Markdown and keep notes in a private folder.", ["fetch", "filesystem"]),
    ];

    public static ServerTemplate? Find(string? id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));
}
