using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace McpBridge.Connectors.Packages;

/// <summary>Checks the package definitions at start, so that a typo fails the deploy of the bridge, not a user's tool later.</summary>
internal sealed partial class PackagesOptionsValidator : IValidateOptions<PackagesOptions>
{
    /// <summary>Ids a package may not take: the catalog would hold two connectors with one id.</summary>
    private static readonly HashSet<string> BuiltInConnectorIds = new(StringComparer.Ordinal)
    {
        Filesystem.FilesystemConnector.ConnectorId, Fetch.FetchConnector.ConnectorId, Postgres.PostgresConnector.ConnectorId,
        Remote.RemoteConnector.ConnectorId, Echo.EchoConnector.ConnectorId,
    };

    /// <summary>Variables the bridge sets itself for every package process.</summary>
    internal static readonly string[] ReservedVariables = ["PATH", "HOME", "npm_config_cache"];

    public ValidateOptionsResult Validate(string? name, PackagesOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.NpmCache))
        {
            failures.Add("Packages:NpmCache must name a folder.");
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add("Packages:IdleTimeout must be positive.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in options.EffectiveDefinitions())
        {
            var where = $"Packages: package '{definition.Id}'";
            if (!IdPattern().IsMatch(definition.Id))
            {
                failures.Add($"{where}: Id must be lower case letters, digits and dashes (at most 64 characters).");
            }
            else if (BuiltInConnectorIds.Contains(definition.Id))
            {
                failures.Add($"{where}: the Id is a built-in connector's; pick another.");
            }
            else if (!ids.Add(definition.Id))
            {
                failures.Add($"{where}: the Id is used twice.");
            }

            if (string.IsNullOrWhiteSpace(definition.Command))
            {
                failures.Add($"{where}: Command is required.");
            }

            if (definition.MaxProcesses is < 1 or > 64)
            {
                failures.Add($"{where}: MaxProcesses must be between 1 and 64.");
            }

            foreach (var (variable, spec) in definition.Env)
            {
                if (!VariablePattern().IsMatch(variable))
                {
                    failures.Add($"{where}: '{variable}' is not a valid environment variable name.");
                }
                else if (ReservedVariables.Contains(variable, StringComparer.OrdinalIgnoreCase))
                {
                    failures.Add($"{where}: {variable} is set by the bridge and cannot be declared.");
                }

                if (spec.Value is not null && (spec.Required || spec.Default is not null))
                {
                    failures.Add($"{where}: {variable} has a fixed Value, so it cannot also be Required or have a Default.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();
}
