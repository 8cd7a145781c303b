using System.Text;
using McpBridge.Mcp.Sources;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Composite;

/// <summary>
/// The tools, resources and prompts of every source of a snapshot merged into one surface. Tool and prompt
/// names that more than one source offers are prefixed with the source's name (<c>{source}_{name}</c>), so
/// every name is unique and the names of tools that do not collide never change. A resource URI offered by two
/// sources is served by the first.
/// </summary>
internal sealed class MergedCatalog
{
    private readonly Dictionary<string, Route> _tools;
    private readonly Dictionary<string, Route> _prompts;
    private readonly Dictionary<string, int> _resources;
    private readonly (UriTemplateMatcher Matcher, int Source)[] _templates;

    private MergedCatalog(
        CompositeSnapshot snapshot,
        SourceCatalog?[] basis,
        Dictionary<string, Route> tools,
        Dictionary<string, Route> prompts,
        Dictionary<string, int> resources,
        (UriTemplateMatcher, int)[] templates,
        IList<Tool> toolList,
        IList<Prompt> promptList,
        IList<Resource> resourceList,
        IList<ResourceTemplate> templateList,
        IReadOnlyList<string> conflicts)
    {
        Snapshot = snapshot;
        Basis = basis;
        _tools = tools;
        _prompts = prompts;
        _resources = resources;
        _templates = templates;
        Tools = toolList;
        Prompts = promptList;
        Resources = resourceList;
        ResourceTemplates = templateList;
        Conflicts = conflicts;
    }

    public CompositeSnapshot Snapshot { get; }

    /// <summary>The source catalogs this merge was built from (by reference), to tell when it is stale.</summary>
    public SourceCatalog?[] Basis { get; }

    public IList<Tool> Tools { get; }
    public IList<Prompt> Prompts { get; }
    public IList<Resource> Resources { get; }
    public IList<ResourceTemplate> ResourceTemplates { get; }

    /// <summary>Resource URIs and templates dropped because an earlier source offers them too.</summary>
    public IReadOnlyList<string> Conflicts { get; }

    /// <summary>
    /// Whether this merge still holds for <paramref name="snapshot"/>: every source's catalog is the one merged. A
    /// source that had none (it failed) and still has none leaves the merge current; the composite tries it again
    /// in the background, and its catalog arriving makes the merge stale.
    /// </summary>
    public bool IsCurrentFor(CompositeSnapshot snapshot)
    {
        if (!ReferenceEquals(snapshot, Snapshot))
        {
            return false;
        }

        var sources = snapshot.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (!ReferenceEquals(sources[i].Source.LastKnownCatalog, Basis[i]))
            {
                return false;
            }
        }

        return true;
    }

    public bool TryGetTool(string name, out Route route) => _tools.TryGetValue(name, out route);

    public bool TryGetPrompt(string name, out Route route) => _prompts.TryGetValue(name, out route);

    public int? FindResourceSource(string uri)
    {
        if (_resources.TryGetValue(uri, out var index))
        {
            return index;
        }

        foreach (var (matcher, source) in _templates)
        {
            if (matcher.IsMatch(uri))
            {
                return source;
            }
        }

        return null;
    }

    public int? FindTemplateSource(string uriTemplate)
    {
        foreach (var (matcher, source) in _templates)
        {
            if (matcher.Template == uriTemplate)
            {
                return source;
            }
        }

        return null;
    }

    public static MergedCatalog Build(CompositeSnapshot snapshot, SourceCatalog?[] catalogs)
    {
        var sources = snapshot.Sources;
        var toolCounts = CountNames(catalogs, c => c.Tools.Select(t => t.Name));
        var promptCounts = CountNames(catalogs, c => c.Prompts.Select(p => p.Name));

        var tools = new Dictionary<string, Route>(StringComparer.Ordinal);
        var prompts = new Dictionary<string, Route>(StringComparer.Ordinal);
        var resources = new Dictionary<string, int>(StringComparer.Ordinal);
        var templates = new List<(UriTemplateMatcher, int)>();
        var toolList = new List<Tool>();
        var promptList = new List<Prompt>();
        var resourceList = new List<Resource>();
        var templateList = new List<ResourceTemplate>();
        var conflicts = new List<string>();

        for (var i = 0; i < sources.Count; i++)
        {
            var catalog = catalogs[i];
            if (catalog is null)
            {
                continue;
            }

            var prefix = Sanitize(sources[i].Name);
            foreach (var tool in catalog.Tools)
            {
                var name = Unique(toolCounts[tool.Name] > 1 ? $"{prefix}_{tool.Name}" : tool.Name, tools);
                tools[name] = new Route(i, tool.Name, name != tool.Name);
                toolList.Add(name == tool.Name ? tool : Renamed(tool, name));
            }

            foreach (var prompt in catalog.Prompts)
            {
                var name = Unique(promptCounts[prompt.Name] > 1 ? $"{prefix}_{prompt.Name}" : prompt.Name, prompts);
                prompts[name] = new Route(i, prompt.Name, name != prompt.Name);
                promptList.Add(name == prompt.Name ? prompt : Renamed(prompt, name));
            }

            foreach (var resource in catalog.Resources)
            {
                if (resources.TryAdd(resource.Uri, i))
                {
                    resourceList.Add(resource);
                }
                else
                {
                    conflicts.Add(resource.Uri);
                }
            }

            foreach (var template in catalog.ResourceTemplates)
            {
                if (templates.Exists(t => t.Item1.Template == template.UriTemplate))
                {
                    conflicts.Add(template.UriTemplate);
                    continue;
                }

                templates.Add((new UriTemplateMatcher(template.UriTemplate), i));
                templateList.Add(template);
            }
        }

        return new MergedCatalog(snapshot, catalogs, tools, prompts, resources, [.. templates], toolList, promptList, resourceList, templateList, conflicts);
    }

    private static Dictionary<string, int> CountNames(SourceCatalog?[] catalogs, Func<SourceCatalog, IEnumerable<string>> names)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var catalog in catalogs)
        {
            if (catalog is null)
            {
                continue;
            }

            foreach (var name in names(catalog).Distinct(StringComparer.Ordinal))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return counts;
    }

    private static string Unique<T>(string name, Dictionary<string, T> taken)
    {
        var candidate = name;
        for (var n = 2; taken.ContainsKey(candidate); n++)
        {
            candidate = $"{name}_{n}";
        }

        return candidate;
    }

    private static string Sanitize(string sourceName)
    {
        var builder = new StringBuilder(sourceName.Length);
        foreach (var c in sourceName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.ToString();
    }

    private static Tool Renamed(Tool tool, string name) => new()
    {
        Name = name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.InputSchema,
        OutputSchema = tool.OutputSchema,
        Annotations = tool.Annotations,
        Icons = tool.Icons,
        Meta = tool.Meta,
    };

    private static Prompt Renamed(Prompt prompt, string name) => new()
    {
        Name = name,
        Title = prompt.Title,
        Description = prompt.Description,
        Arguments = prompt.Arguments,
        Icons = prompt.Icons,
        Meta = prompt.Meta,
    };

    /// <summary>Where a merged name goes.</summary>
    /// <param name="Source">The index of the source in the snapshot.</param>
    /// <param name="OriginalName">The name the source knows it by.</param>
    /// <param name="Renamed">Whether the client-facing name differs from <paramref name="OriginalName"/>.</param>
    internal readonly record struct Route(int Source, string OriginalName, bool Renamed);
}
