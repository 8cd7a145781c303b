using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpBridge.Connectors.Configuration;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Client;

namespace McpBridge.Connectors.Packages;

/// <summary>
/// An administrator-approved stdio MCP server, run as child processes. Each process starts in the instance's
/// own folder with an environment built from scratch (PATH, HOME, the npm cache and the package's declared
/// variables), so nothing of the bridge's own environment (database passwords, cloud keys) reaches it.
/// The catalog lists the definition's tools until a dry run has learned what the package really offers.
/// </summary>
public sealed partial class StdioPackageConnector : IConnector
{
    private const int MaxStderrLineLength = 500;

    /// <summary>The name of <c>{sandboxDirectory}</c> inside an instance's working directory.</summary>
    public const string SandboxFolderName = "files";

    private readonly PackageDefinition _definition;
    private readonly PackagesOptions _options;
    private readonly JsonObject _schema;
    private readonly IReadOnlyList<ConnectorToolInfo> _declaredTools;
    private volatile LearnedTools? _learned;

    public StdioPackageConnector(PackageDefinition definition, PackagesOptions options, PackageOrigin origin = PackageOrigin.Configuration)
    {
        _definition = definition;
        _options = options;
        _schema = BuildSchema(definition);
        _declaredTools = definition.Tools.Select(t => new ConnectorToolInfo(t.Name, t.Description)).ToArray();
        Origin = origin;
    }

    /// <summary>The approved definition this connector runs. Not to be changed.</summary>
    public PackageDefinition Definition => _definition;

    public PackageOrigin Origin { get; }

    /// <summary>When a dry run last learned the package's tools; <see langword="null"/> while <see cref="Tools"/> are the declared ones.</summary>
    public DateTimeOffset? ToolsLearnedAt => _learned?.At;

    public string Id => _definition.Id;

    public string Name => string.IsNullOrWhiteSpace(_definition.Name) ? _definition.Id : _definition.Name;

    public string Description => _definition.Description;

    public string Category => string.IsNullOrWhiteSpace(_definition.Category) ? ConnectorCategories.Packages : _definition.Category;

    public bool Premium => _definition.Premium;

    public JsonObject ConfigSchema => (JsonObject)_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => _learned?.Tools ?? _declaredTools;

    /// <summary>Replaces the declared tools with the ones a dry run found (see <see cref="PackageDryRun"/>).</summary>
    public void LearnTools(IReadOnlyList<ConnectorToolInfo> tools, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _learned = new LearnedTools([.. tools], at);
    }

    public ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(_schema, context.Config, Id);
        if (!InstancePattern().IsMatch(context.InstanceName))
        {
            // The name becomes a folder name: it must not be able to climb out of the packages folder.
            throw new ArgumentException($"The instance name '{context.InstanceName}' cannot name a folder; use letters, digits, '-' and '_'.", nameof(context));
        }

        var workingDirectory = Path.GetFullPath(Path.Combine(context.DataDirectory, "packages", context.InstanceName));
        Directory.CreateDirectory(workingDirectory);
        Directory.CreateDirectory(_options.NpmCache);

        // The folder for users' files is below the working directory, never the working directory itself: npx reads
        // .npmrc and node_modules from its working directory and HOME, so a user who could write there could change
        // what runs. Created only for packages that use it, before the process starts (servers check their roots).
        var sandboxDirectory = Path.Combine(workingDirectory, SandboxFolderName);
        if (UsesPlaceholder("{sandboxDirectory}"))
        {
            Directory.CreateDirectory(sandboxDirectory);
        }

        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{workingDirectory}"] = workingDirectory,
            ["{sandboxDirectory}"] = sandboxDirectory,
            ["{dataDirectory}"] = Path.GetFullPath(context.DataDirectory),
            ["{instance}"] = context.InstanceName,
        };

        var environment = BaseEnvironment(workingDirectory);
        var secrets = new List<string>();
        foreach (var (variable, spec) in _definition.Env)
        {
            string? value = spec.Value is not null ? Expand(spec.Value, placeholders) : config.GetString(variable) is { } given ? Expand(given, placeholders) : null;
            if (value is null)
            {
                continue;
            }

            environment[variable] = value;
            if (spec.Secret && value.Length > 0)
            {
                secrets.Add(value);
            }
        }

        var arguments = _definition.Args.Select(a => Expand(a, placeholders)).ToList();
        var events = context.Events;
        var name = context.InstanceName;
        var source = new ClientSource(new ClientSourceOptions
        {
            Name = name,
            CreateTransport = _ => new ValueTask<IClientTransport>(new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = name,
                    Command = _definition.Command,
                    Arguments = arguments,
                    WorkingDirectory = workingDirectory,
                    InheritEnvironmentVariables = false,
                    EnvironmentVariables = environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal),
                    StandardErrorLines = line => events?.Report(SourceEventLevel.Warning, $"stderr: {Truncate(Mask(line, secrets))}"),
                },
                context.LoggerFactory)),
            MaxConnections = _definition.MaxProcesses,
            IdleTimeout = _options.IdleTimeout,
            Secrets = secrets,
            Events = events,
            LoggerFactory = context.LoggerFactory,
            TimeProvider = context.TimeProvider,
        });
        return new ValueTask<IMcpSource>(source);
    }

    private bool UsesPlaceholder(string placeholder) =>
        _definition.Args.Any(a => a.Contains(placeholder, StringComparison.Ordinal))
        || _definition.Env.Values.Any(v => v.Value?.Contains(placeholder, StringComparison.Ordinal) == true);

    private Dictionary<string, string> BaseEnvironment(string workingDirectory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // PATH is what finds node and npx; HOME is the instance's folder so that whatever a package keeps in
            // its home directory stays with the instance.
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = workingDirectory,
            ["npm_config_cache"] = _options.NpmCache,
        };

        if (OperatingSystem.IsWindows())
        {
            // Processes on Windows do not start without these; none of them is a secret.
            foreach (var variable in new[] { "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP" })
            {
                if (Environment.GetEnvironmentVariable(variable) is { } value)
                {
                    environment[variable] = value;
                }
            }

            environment["USERPROFILE"] = workingDirectory;
        }

        return environment;
    }

    private static JsonObject BuildSchema(PackageDefinition definition)
    {
        var properties = new JsonObject();
        var required = new List<string>();
        foreach (var (variable, spec) in definition.Env)
        {
            if (spec.Value is not null)
            {
                continue;
            }

            properties[variable] = ConfigSchemaBuilder.String(
                variable,
                spec.Description,
                defaultValue: spec.Default,
                secret: spec.Secret,
                minLength: spec.Required ? 1 : null,
                maxLength: 8192);
            if (spec.Required && spec.Default is null)
            {
                required.Add(variable);
            }
        }

        return ConfigSchemaBuilder.Object(properties, [.. required]);
    }

    private static string Expand(string text, Dictionary<string, string> placeholders)
    {
        foreach (var (placeholder, value) in placeholders)
        {
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return text;
    }

    private static string Truncate(string line) =>
        line.Length > MaxStderrLineLength ? string.Concat(line.AsSpan(0, MaxStderrLineLength), "…") : line;

    private static string Mask(string text, List<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "********", StringComparison.Ordinal);
        }

        return text;
    }

    private sealed record LearnedTools(IReadOnlyList<ConnectorToolInfo> Tools, DateTimeOffset At);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$")]
    private static partial Regex InstancePattern();
}
