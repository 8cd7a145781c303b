using McpBridge.Connectors.Echo;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Fetch;
using McpBridge.Connectors.Filesystem;
using McpBridge.Connectors.Git;
using McpBridge.Connectors.GitHub;
using McpBridge.Connectors.HomeAssistant;
using McpBridge.Connectors.Packages;
using McpBridge.Connectors.Postgres;
using McpBridge.Connectors.Remote;
using McpBridge.Connectors.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Connectors;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the connector catalog with every built-in connector (the hosted variants: the filesystem connector
    /// only serves the server's private folder, git only clones public https repositories, GitHub, Home Assistant and Slack only
    /// reaches what the egress policy allows), the egress policy (section <c>Egress</c>) and the approved stdio
    /// packages (section <c>Packages</c>). Both sections are validated at start.
    /// </summary>
    public static IServiceCollection AddMcpBridgeConnectors(this IServiceCollection services)
    {
        services.AddOptions<EgressOptions>()
            .BindConfiguration(EgressOptions.SectionName)
            .Validate(
                o => o.AllowedHosts.All(h => EgressGuard.TryParseHostEntry(h, out _, out _)),
                "Egress:AllowedHosts entries must be 'host' or 'host:port' ('[::1]:8080' for IPv6).")
            .ValidateOnStart();
        services.AddOptions<PackagesOptions>().BindConfiguration(PackagesOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PackagesOptions>, PackagesOptionsValidator>());

        services.TryAddSingleton(sp => new PackageDryRun(
            sp.GetRequiredService<IOptions<PackagesOptions>>(), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new EgressGuard(sp.GetRequiredService<IOptions<EgressOptions>>(), sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IConnector>(_ => new FilesystemConnector(allowCustomRoot: false));
        services.AddSingleton<IConnector, FetchConnector>();
        services.AddSingleton<IConnector, PostgresConnector>();
        services.AddSingleton<IConnector, RemoteConnector>();
        services.AddSingleton<IConnector, EchoConnector>();
        services.AddSingleton<IConnector>(sp => new GitConnector(sp.GetRequiredService<EgressGuard>()));
        services.AddSingleton<IConnector>(sp => new HomeAssistantConnector(sp.GetRequiredService<EgressGuard>()));
        services.AddSingleton<IConnector>(sp => new GitHubConnector(sp.GetRequiredService<EgressGuard>()));
        services.AddSingleton<IConnector>(sp => new SlackConnector(sp.GetRequiredService<EgressGuard>()));
        services.TryAddSingleton(sp =>
        {
            var packages = sp.GetRequiredService<IOptions<PackagesOptions>>().Value;
            var packageConnectors = packages.EffectiveDefinitions().Select(d =>
                new StdioPackageConnector(d, packages, PackagesOptions.IsBuiltIn(d) ? PackageOrigin.BuiltIn : PackageOrigin.Configuration));
            return new ConnectorCatalog(sp.GetServices<IConnector>().Concat(packageConnectors));
        });
        return services;
    }
}
