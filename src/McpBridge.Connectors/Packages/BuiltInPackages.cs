namespace McpBridge.Connectors.Packages;

/// <summary>The packages offered without configuration, pinned to exact versions so that a deploy is reproducible.</summary>
internal static class BuiltInPackages
{
    public static IReadOnlyList<PackageDefinition> Definitions { get; } =
    [
        new PackageDefinition
        {
            Id = "memory",
            Name = "Memory",
            Description = "A persistent knowledge graph the assistant can store and recall facts in: entities, relations and observations.",
            Command = "npx",
            Args = ["-y", "@modelcontextprotocol/server-memory@2026.8.31"],
            Env = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal)
            {
                // Fixed, not user-set: the file must stay in the instance's own folder.
                ["MEMORY_FILE_PATH"] = new PackageEnvVar { Description = "Where the graph is stored.", Value = "{workingDirectory}/memory.jsonl" },
            },
            Tools =
            [
                Tool("create_entities", "Create entities in the knowledge graph."),
                Tool("create_relations", "Create relations between entities."),
                Tool("add_observations", "Add observations to existing entities."),
                Tool("delete_entities", "Delete entities and their relations."),
                Tool("delete_observations", "Delete observations from entities."),
                Tool("delete_relations", "Delete relations."),
                Tool("read_graph", "Read the whole knowledge graph."),
                Tool("search_nodes", "Search entities by name, type or observation."),
                Tool("open_nodes", "Open entities by name."),
            ],
        },
        new PackageDefinition
        {
            Id = "sequential-thinking",
            Name = "Sequential thinking",
            Description = "A scratchpad for step-by-step reasoning: the assistant records, revises and branches its thoughts while solving a problem.",
            Command = "npx",
            Args = ["-y", "@modelcontextprotocol/server-sequential-thinking@2026.8.31"],
            Tools =
            [
                Tool("sequentialthinking", "Think through a problem one revisable step at a time."),
            ],
        },
    ];

    private static PackageToolDefinition Tool(string name, string description) => new() { Name = name, Description = description };
}
