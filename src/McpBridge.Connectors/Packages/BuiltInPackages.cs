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
            Env = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal)
            {
                // The server prints every thought on stderr, and stderr lines go to the server's event log as warnings:
                // a long session would push everything else out of the log.
                ["DISABLE_THOUGHT_LOGGING"] = new PackageEnvVar { Description = "Keeps thoughts out of stderr.", Value = "true" },
            },
            Tools =
            [
                Tool("sequentialthinking", "Think through a problem one revisable step at a time."),
            ],
        },
        new PackageDefinition
        {
            // Not premium: one small Node process with no state, nothing on disk and (below) no network; it is what
            // people point a new client at to see every MCP feature work, so it belongs on every plan.
            Id = "everything",
            Name = "Everything (MCP test server)",
            Description = "The MCP reference test server: echo, sums, images, annotations, structured content, resource links, progress, logging, sampling and elicitation, to check that a client handles every part of the protocol.",
            Category = ConnectorCategories.DeveloperTools,
            Command = "npx",
            Args = ["-y", "@modelcontextprotocol/server-everything@2026.8.31", "stdio"],
            Env = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal)
            {
                // gzip-file-as-resource fetches any http(s) URL it is given, which from a hosted server would reach our
                // private network. A domain list that no name can match (.invalid never resolves) leaves it data: URLs.
                ["GZIP_ALLOWED_DOMAINS"] = new PackageEnvVar { Description = "No domain: only data: URLs may be compressed.", Value = "mcp-bridge.invalid" },
                ["GZIP_MAX_FETCH_SIZE"] = new PackageEnvVar { Description = "At most 1 MiB per compressed file.", Value = "1048576" },
            },
            Tools =
            [
                Tool("echo", "Echoes back the input string."),
                Tool("get-sum", "Returns the sum of two numbers."),
                Tool("get-env", "Returns the server's environment variables."),
                Tool("get-tiny-image", "Returns a tiny MCP logo image."),
                Tool("get-annotated-message", "Returns content with annotations (priority, audience)."),
                Tool("get-structured-content", "Returns structured content with an output schema."),
                Tool("get-resource-links", "Returns up to ten resource links."),
                Tool("get-resource-reference", "Returns an embedded resource reference."),
                Tool("gzip-file-as-resource", "Compresses a data: URL's content with gzip and returns it as a resource."),
                Tool("toggle-simulated-logging", "Turns simulated log messages on or off."),
                Tool("toggle-subscriber-updates", "Turns simulated resource update notifications on or off."),
                Tool("trigger-long-running-operation", "Runs a long operation that reports progress."),
                Tool("trigger-sampling-request", "Asks the client's model for a completion (sampling)."),
                Tool("trigger-elicitation-request", "Asks the user for input through the client (elicitation)."),
            ],
        },
        new PackageDefinition
        {
            // Premium: unlike the built-in filesystem connector (100 MiB and 10,000 files per server), the reference
            // server has no disk quota, so what it may cost us in disk is bounded only by the plan that pays for it.
            Id = "mcp-filesystem",
            Name = "Filesystem (MCP reference server)",
            Description = "The official MCP filesystem server on a folder private to the tool: read, write, edit with diffs, move, search and list files. It sees nothing outside that folder.",
            Category = ConnectorCategories.Files,
            Premium = true,
            Command = "npx",
            // The one allowed root is the sandbox folder, not the working directory (where npx reads .npmrc and
            // node_modules). The bridge declares no roots capability upstream, so a client cannot replace the root.
            Args = ["-y", "@modelcontextprotocol/server-filesystem@2026.8.31", "{sandboxDirectory}"],
            Tools =
            [
                Tool("read_text_file", "Read a file as text (optionally only its first or last lines)."),
                Tool("read_media_file", "Read an image or audio file as base64 with its MIME type."),
                Tool("read_multiple_files", "Read several files at once."),
                Tool("write_file", "Create or overwrite a file."),
                Tool("edit_file", "Replace lines in a text file and return a git-style diff."),
                Tool("create_directory", "Create a folder (and its parents)."),
                Tool("list_directory", "List a folder's files and folders."),
                Tool("list_directory_with_sizes", "List a folder with file sizes."),
                Tool("directory_tree", "A folder's tree as JSON."),
                Tool("move_file", "Move or rename a file or folder."),
                Tool("search_files", "Find files and folders by glob pattern."),
                Tool("get_file_info", "Size, times and permissions of a file or folder."),
                Tool("list_allowed_directories", "The folder this server may use."),
            ],
        },
    ];

    private static PackageToolDefinition Tool(string name, string description) => new() { Name = name, Description = description };
}
