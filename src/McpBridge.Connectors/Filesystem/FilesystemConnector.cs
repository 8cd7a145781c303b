using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Filesystem;

/// <summary>
/// A sandboxed folder of text files. Hosted, the folder is <c>{DataDirectory}/files</c>; run locally by the CLI
/// (<c>allowCustomRoot</c>), the configuration may name any folder as <c>root</c>.
/// </summary>
public sealed class FilesystemConnector : IConnector
{
    public const string ConnectorId = "filesystem";
    internal const long DefaultMaxFileBytes = 1024 * 1024;
    internal const long MaxMaxFileBytes = 10 * 1024 * 1024;

    private readonly bool _allowCustomRoot;
    private readonly JsonObject _schema;

    /// <summary>The hosted connector: its folder is always private to the server.</summary>
    public FilesystemConnector()
        : this(allowCustomRoot: false)
    {
    }

    /// <param name="allowCustomRoot">Accept a <c>root</c> setting naming any folder. Only for a user's own machine (<c>mcp-bridge start filesystem --path</c>).</param>
    public FilesystemConnector(bool allowCustomRoot)
    {
        _allowCustomRoot = allowCustomRoot;
        var properties = new JsonObject
        {
            ["readOnly"] = ConfigSchemaBuilder.Boolean("Read-only", "Only allow listing, reading and searching; write_file is refused.", false),
            ["maxFileBytes"] = ConfigSchemaBuilder.Integer("Largest file (bytes)", "The largest file that can be read or written at once, in bytes (at most 10 MiB).", DefaultMaxFileBytes, 1, MaxMaxFileBytes),
        };
        if (allowCustomRoot)
        {
            properties["root"] = ConfigSchemaBuilder.String("Folder", "The folder to serve. Defaults to a private folder in the data directory.", minLength: 1);
        }

        _schema = ConfigSchemaBuilder.Object(properties);
    }

    public string Id => ConnectorId;

    public string Name => "Filesystem";

    public string Description => "A folder of text files the assistant can list, read, search and (unless read-only) write. Paths cannot leave the folder.";

    public string Category => ConnectorCategories.Files;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => FilesystemTools.All;

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(_schema, context.Config, Id);
        string root;
        FolderBudget? budget = null;
        if (_allowCustomRoot && config.GetString("root") is { } custom)
        {
            root = Path.GetFullPath(custom);
            if (!Directory.Exists(root))
            {
                throw new ArgumentException($"The folder '{custom}' does not exist.", nameof(context));
            }
        }
        else
        {
            root = Path.Combine(context.DataDirectory, "files");
            Directory.CreateDirectory(root);
            budget = FolderBudget.Hosted;
        }

        var tools = new FilesystemTools(
            new FileSandbox(root),
            config.GetBoolean("readOnly", false),
            config.GetInteger("maxFileBytes", DefaultMaxFileBytes),
            budget);
        return new ValueTask<IMcpSource>(new InProcessSource(tools.CreateTools()));
    }
}
