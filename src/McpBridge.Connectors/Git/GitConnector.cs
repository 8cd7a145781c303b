using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Git;

/// <summary>
/// Read-only git tools (status, log, diff, show, branches, file at a revision, search) over one repository, run
/// with the <c>git</c> CLI. Hosted, the repository is a shallow clone of a public https URL (<c>url</c>, optional
/// <c>branch</c>), made on first use under the server's data folder through the egress guard, with every transport
/// but https disabled and the host's own git configuration ignored. Run locally by the CLI
/// (<c>allowCustomRepo</c>, <c>mcp-bridge start git --repo PATH</c>), the configuration may instead name any
/// repository on the machine as <c>repo</c>.
/// </summary>
public sealed class GitConnector : IConnector
{
    public const string ConnectorId = "git";

    private readonly EgressGuard _egress;
    private readonly bool _allowCustomRepo;
    private readonly GitCloneOptions _cloneOptions;
    private readonly GitRunnerOptions? _runnerOptions;
    private readonly JsonObject _schema;

    /// <summary>The hosted connector: clones public https repositories through <paramref name="egress"/>.</summary>
    public GitConnector(EgressGuard egress)
        : this(egress, allowCustomRepo: false, new GitCloneOptions(), runnerOptions: null)
    {
    }

    /// <param name="allowCustomRepo">
    /// Accept a <c>repo</c> setting naming any local repository, and clone <c>url</c> from private addresses too.
    /// Only for a user's own machine (<c>mcp-bridge start git --repo PATH</c>).
    /// </param>
    public GitConnector(bool allowCustomRepo)
        : this(new EgressGuard(new EgressOptions { AllowPrivateNetworks = allowCustomRepo }), allowCustomRepo, new GitCloneOptions(), runnerOptions: null)
    {
    }

    /// <summary>For tests: other limits, and settings for how git runs (timeouts, output cap).</summary>
    internal GitConnector(EgressGuard egress, bool allowCustomRepo, GitCloneOptions cloneOptions, GitRunnerOptions? runnerOptions)
    {
        _egress = egress;
        _allowCustomRepo = allowCustomRepo;
        _cloneOptions = cloneOptions;
        _runnerOptions = runnerOptions;
        var properties = new JsonObject
        {
            ["url"] = ConfigSchemaBuilder.String(
                "Repository URL",
                "The public https:// URL of the repository to clone, e.g. https://github.com/owner/repo.git. It is cloned (the last 50 commits of one branch) when the tools are first used.",
                minLength: 1,
                maxLength: 2000,
                format: "uri",
                pattern: "^https://",
                patternDescription: "must start with https://"),
            ["branch"] = ConfigSchemaBuilder.String(
                "Branch",
                "The branch to clone. Defaults to the repository's default branch.",
                minLength: 1,
                maxLength: 200,
                pattern: "^[A-Za-z0-9._/][A-Za-z0-9._/-]*$",
                patternDescription: "must use only letters, digits, '.', '_', '/' and '-', and not start with '-'"),
        };
        if (allowCustomRepo)
        {
            properties["repo"] = ConfigSchemaBuilder.String("Repository folder", "A git repository on this machine (its folder or any folder inside it). Used instead of url.", minLength: 1);
        }

        _schema = allowCustomRepo ? ConfigSchemaBuilder.Object(properties) : ConfigSchemaBuilder.Object(properties, "url");
    }

    public string Id => ConnectorId;

    public string Name => "Git";

    public string Description => "Read a git repository: status, history, diffs, commits, branches, files at any revision and a code search. Hosted, a public https repository is cloned; nothing is ever written or pushed.";

    public string Category => ConnectorCategories.DeveloperTools;

    public bool Premium => false;

    public JsonObject ConfigSchema => (JsonObject)_schema.DeepClone();

    public IReadOnlyList<ConnectorToolInfo> Tools => GitTools.All;

    public async ValueTask<IMcpSource> CreateSourceAsync(ConnectorContext context, CancellationToken cancellationToken)
    {
        var config = ConnectorConfig.Load(_schema, context.Config, Id);
        var url = config.GetString("url");
        var branch = config.GetString("branch");
        var repo = _allowCustomRepo ? config.GetString("repo") : null;
        var runnerOptions = (_runnerOptions ?? new GitRunnerOptions { Isolated = true }) with { Isolated = repo is null, TimeProvider = context.TimeProvider };
        var runner = new GitRunner(runnerOptions);

        if (repo is not null)
        {
            if (url is not null || branch is not null)
            {
                throw new ArgumentException($"Invalid configuration for '{Id}': give either repo (a local repository) or url (to clone), not both.", nameof(context));
            }

            var root = await FindRepositoryAsync(runner, repo, cancellationToken);
            var local = new GitTools(_ => Task.FromResult(root), runner);
            return new InProcessSource(local.CreateTools());
        }

        if (url is null)
        {
            throw new ArgumentException($"Invalid configuration for '{Id}': set repo (a repository on this machine) or url (a public https:// repository to clone).", nameof(context));
        }

        if (!GitRemote.TryParse(url, out var remote, out var error))
        {
            throw new ArgumentException($"Invalid configuration for '{Id}': {error}", nameof(context));
        }

        if (branch is not null && !GitArguments.IsBranchName(branch))
        {
            throw new ArgumentException($"Invalid configuration for '{Id}': '{branch}' is not a valid branch name.", nameof(context));
        }

        var clone = new GitClone(remote!, branch, context.DataDirectory, context.InstanceName, _egress, runnerOptions, _cloneOptions, context.Events, context.LoggerFactory);
        var tools = new GitTools(clone.GetRootAsync, runner);
        return new InProcessSource(tools.CreateTools(), dispose: clone.DisposeAsync);
    }

    /// <summary>The top folder of the repository <paramref name="path"/> is in (or is, for a bare repository).</summary>
    private static async Task<string> FindRepositoryAsync(GitRunner runner, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new ArgumentException($"The folder '{path}' does not exist.", nameof(path));
        }

        var bare = await runner.RunAsync(full, ["rev-parse", "--is-bare-repository"], cancellationToken);
        Ensure(bare, path);
        if (bare.Text.Trim() == "true")
        {
            return full;
        }

        var top = await runner.RunAsync(full, ["rev-parse", "--show-toplevel"], cancellationToken);
        Ensure(top, path);
        return top.Text.Trim() is { Length: > 0 } folder ? folder : full;

        static void Ensure(GitResult result, string path)
        {
            if (!result.Succeeded)
            {
                throw new ArgumentException(result.Error.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                    ? $"'{path}' is not a git repository (nor inside one). Give the folder of a repository, the one that contains .git."
                    : $"'{path}' cannot be read as a git repository: {result.ErrorMessage}", nameof(path));
            }
        }
    }
}
