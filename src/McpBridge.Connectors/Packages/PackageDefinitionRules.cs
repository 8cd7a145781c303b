using System.Text.RegularExpressions;

namespace McpBridge.Connectors.Packages;

/// <summary>
/// What makes a package definition acceptable, as field-level problems: one set of rules for definitions from
/// configuration (checked at start) and for the ones an administrator adds through the API (checked before saving).
/// Field names are the API's: <c>id</c>, <c>command</c>, <c>args[2]</c>, <c>env.TOKEN</c>.
/// </summary>
public static partial class PackageDefinitionRules
{
    /// <summary>The placeholders <see cref="PackageDefinition.Args"/> and fixed env values may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["{workingDirectory}", "{sandboxDirectory}", "{dataDirectory}", "{instance}"];

    /// <summary>Variables the bridge sets itself for every package process.</summary>
    private static readonly string[] s_reservedVariables = ["PATH", "HOME", "npm_config_cache"];

    /// <summary>
    /// Variables that change what a program loads or runs (a preloaded library, a Node or Python option, an npm
    /// registry): a user who could set one could run code of their choosing as the bridge. Only an administrator's
    /// fixed value may set them.
    /// </summary>
    private static readonly string[] s_codeLoadingPrefixes = ["LD_", "DYLD_", "NODE_", "NPM_CONFIG_", "PYTHON", "PERL5", "RUBY", "JAVA_", "_JAVA_", "GIT_", "BASH_", "DENO_", "BUN_"];
    private static readonly string[] s_codeLoadingNames = ["ENV", "SHELL", "SHELLOPTS", "PS4", "IFS", "BROWSER", "EDITOR", "VISUAL"];

    public static IReadOnlyDictionary<string, string[]> Validate(PackageDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!problems.TryGetValue(field, out var list))
            {
                problems[field] = list = [];
            }

            list.Add(message);
        }

        if (!IdPattern().IsMatch(definition.Id ?? string.Empty))
        {
            Add("id", "must be 1 to 64 lower case letters, digits and dashes, starting with a letter or digit (e.g. 'github-issues').");
        }

        if (definition.Name is { Length: > 100 })
        {
            Add("name", "must be at most 100 characters.");
        }

        if (string.IsNullOrWhiteSpace(definition.Description))
        {
            Add("description", "is required: one sentence on what the package gives an assistant.");
        }
        else if (definition.Description.Length > 500)
        {
            Add("description", "must be at most 500 characters.");
        }

        if (string.IsNullOrWhiteSpace(definition.Category))
        {
            Add("category", $"is required, e.g. '{ConnectorCategories.Packages}' or '{ConnectorCategories.DeveloperTools}'.");
        }
        else if (definition.Category.Length > 40)
        {
            Add("category", "must be at most 40 characters.");
        }

        CheckCommand(definition.Command, Add);
        CheckArgs(definition.Args, Add);

        if (definition.MaxProcesses is < 1 or > 64)
        {
            Add("maxProcesses", "must be between 1 and 64.");
        }

        foreach (var (variable, spec) in definition.Env)
        {
            CheckVariable(variable, spec, Add);
        }

        return problems.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void CheckCommand(string? command, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            add("command", "is required: the program to run, e.g. 'npx' or 'node'.");
        }
        else if (command.Length > 260 || command.Any(char.IsControl))
        {
            add("command", "must be a program name or path of at most 260 characters, without control characters.");
        }
        else if (command.Any(char.IsWhiteSpace))
        {
            // "npx -y pkg" in one field is the usual slip: the program would be looked up with the spaces in its name.
            add("command", $"must be one program ('{command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]}'); give its arguments in args.");
        }
    }

    private static void CheckArgs(IList<string> args, Action<string, string> add)
    {
        if (args.Count > 64)
        {
            add("args", "may have at most 64 arguments.");
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] ?? string.Empty;
            if (arg.Length > 2000 || arg.Any(c => c == '\0' || c == '\n' || c == '\r'))
            {
                add($"args[{i}]", "must be at most 2,000 characters on one line.");
            }
            else if (UnknownPlaceholder(arg) is { } unknown)
            {
                add($"args[{i}]", $"uses the unknown placeholder {unknown}; the known ones are {string.Join(", ", Placeholders)}.");
            }
        }
    }

    private static void CheckVariable(string variable, PackageEnvVar spec, Action<string, string> add)
    {
        var field = $"env.{variable}";
        if (!VariablePattern().IsMatch(variable))
        {
            add(field, "is not a valid environment variable name (letters, digits and '_', not starting with a digit).");
            return;
        }

        if (s_reservedVariables.Contains(variable, StringComparer.OrdinalIgnoreCase))
        {
            add(field, $"{variable} is set by the bridge and cannot be declared.");
            return;
        }

        if (spec.Value is not null)
        {
            if (spec.Required || spec.Default is not null)
            {
                add(field, $"{variable} has a fixed Value, so it cannot also be Required or have a Default.");
            }

            if (UnknownPlaceholder(spec.Value) is { } unknown)
            {
                add(field, $"uses the unknown placeholder {unknown}; the known ones are {string.Join(", ", Placeholders)}.");
            }
        }
        else if (LoadsCode(variable))
        {
            add(field, $"{variable} changes what the program loads or runs, so users may not set it; give it a fixed value in the configuration instead.");
        }

        if (spec.Description is { Length: > 500 })
        {
            add(field, "its description must be at most 500 characters.");
        }

        if (spec.Default is { Length: > 8192 })
        {
            add(field, "its default must be at most 8,192 characters.");
        }
    }

    private static bool LoadsCode(string variable)
    {
        var upper = variable.ToUpperInvariant();
        return s_codeLoadingNames.Contains(upper, StringComparer.Ordinal) || s_codeLoadingPrefixes.Any(p => upper.StartsWith(p, StringComparison.Ordinal));
    }

    private static string? UnknownPlaceholder(string text)
    {
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            if (!Placeholders.Contains(match.Value, StringComparer.Ordinal))
            {
                return match.Value;
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex PlaceholderPattern();
}
