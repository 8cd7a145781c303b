using Microsoft.Extensions.Options;

namespace McpBridge.Connectors.Packages;

/// <summary>Checks the package definitions at start, so that a typo fails the deploy of the bridge, not a user's tool later.</summary>
internal sealed class PackagesOptionsValidator : IValidateOptions<PackagesOptions>
{
    /// <summary>Ids a package may not take: the catalog would hold two connectors with one id.</summary>
    private static readonly HashSet<string> BuiltInConnectorIds = new(StringComparer.Ordinal)
    {
        Filesystem.FilesystemConnector.ConnectorId, Fetch.FetchConnector.ConnectorId, Postgres.PostgresConnector.ConnectorId,
        Remote.RemoteConnector.ConnectorId, Echo.EchoConnector.ConnectorId,
    };

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

        if (options.DryRunTimeout <= TimeSpan.Zero)
        {
            failures.Add("Packages:DryRunTimeout must be positive.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in options.EffectiveDefinitions())
        {
            var where = $"Packages: package '{definition.Id}'";
            foreach (var (field, messages) in PackageDefinitionRules.Validate(definition))
            {
                failures.AddRange(messages.Select(m => $"{where}: {ConfigurationName(field)} {m}"));
            }

            if (BuiltInConnectorIds.Contains(definition.Id))
            {
                failures.Add($"{where}: the Id is a built-in connector's; pick another.");
            }
            else if (!ids.Add(definition.Id))
            {
                failures.Add($"{where}: the Id is used twice.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The rules speak the API's field names; configuration keys are PascalCase, and a variable's problems name it already.
    private static string ConfigurationName(string field) => field.StartsWith("env.", StringComparison.Ordinal)
        ? $"Env:{field[4..]}:"
        : string.Concat(char.ToUpperInvariant(field[0]).ToString(), field.AsSpan(1));
}
