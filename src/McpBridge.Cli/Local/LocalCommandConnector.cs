using System.Text.Json.Nodes;
using McpBridge.Connectors;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Client;

namespace McpBridge.Cli.Local;

/// <summary>
/// Any stdio MCP server on the user's machine (<c>mcp-bridge start custom --command "node server.js"</c>), run as a
/// child process without a shell: the command is already split into a program and its arguments. Unlike the hosted
/// stdio packages, it runs as the user would run it: in their current folder, with their environment (minus the
/// mcp-bridge account key), and it stays up for the whole session rather than stopping when idle, so a server that
/// keeps state in memory keeps it.
/// </summary>
internal sealed class LocalCommandConnector : IConnector
{
    public const string ConnectorId = "custom";

    private const int MaxStderrLineLength = 500;

    private static readonly JsonObject s_schema = new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["command"] = Property("string", "Program", "The program to run (a name on PATH or a path).", "minLength", 1),
            ["args"] = Property("array", "Arguments", "Its arguments.", "items", new JsonObject { ["type"] = "string" }),
            ["env"] = Property("object", "Environment", "Variables set for it, on top of the user's environment.", "additionalProperties", new JsonObject { ["type"] = "string" }),
            ["workingDirectory"] = Property("string", "Folder", "The folder it runs in.", "minLength", 1),
        },
        ["required"] = new JsonArray("command", "workingDirectory"),
        ["additionalProperties"] = false,
    };

    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="environment">The environment the child starts from (the user's own; tests pass a fixed one).</param>
    public LocalCommandConnector(IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
    }

    public string Id => ConnectorId;

    public string Name => "Custom";

    public string Description => "Any stdio MCP server, run as a child process.";

    public string Category => ConnectorCategories.DeveloperTools;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)s_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => [];

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var result = ConfigValidation.Validate(s_schema, context.Config);
        if (!result.IsValid)
        {
            throw new ArgumentException($"Invalid configuration for '{Id}': {string.Join("; ", result.Describe())}", nameof(context));
        }

        var config = result.Normalized;
        var command = config["command"]!.GetValue<string>();
        var arguments = (config["args"] as JsonArray ?? []).Select(a => a!.GetValue<string>()).ToList();
        var workingDirectory = config["workingDirectory"]!.GetValue<string>();
        var environment = _environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        foreach (var (variable, value) in config["env"] as JsonObject ?? [])
        {
            environment[variable] = value!.GetValue<string>();
        }

        var events = context.Events;
        var name = context.InstanceName;
        IMcpSource source = new ClientSource(new ClientSourceOptions
        {
            Name = name,
            CreateTransport = _ => new ValueTask<IClientTransport>(new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = name,
                    Command = command,
                    Arguments = arguments,
                    WorkingDirectory = workingDirectory,
                    InheritEnvironmentVariables = false,
                    EnvironmentVariables = environment,
                    StandardErrorLines = line => events?.Report(SourceEventLevel.Info, "stderr: " + Truncate(line)),
                    ShutdownTimeout = TimeSpan.FromSeconds(3),
                },
                context.LoggerFactory)),

            // The user's own server: one process, up for as long as the command runs.
            MaxConnections = 1,
            IdleTimeout = TimeSpan.MaxValue,
            Events = events,
            LoggerFactory = context.LoggerFactory,
            TimeProvider = context.TimeProvider,
        });
        return new ValueTask<IMcpSource>(source);
    }

    private static JsonObject Property(string type, string title, string description, string constraint, JsonNode value) => new()
    {
        ["type"] = type,
        ["title"] = title,
        ["description"] = description,
        [constraint] = value,
    };

    private static string Truncate(string line) =>
        line.Length > MaxStderrLineLength ? string.Concat(line.AsSpan(0, MaxStderrLineLength), "…") : line;
}
