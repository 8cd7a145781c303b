using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Catalog;

internal static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// The administrators' catalog packages and the dry runs that learn packages' tools. Call after the database
    /// migrator is registered: the loader reads the packages table when the host starts.
    /// </summary>
    public static IServiceCollection AddCatalogPackages(this IServiceCollection services)
    {
        services.AddSingleton<PackageToolDiscovery>();
        services.AddSingleton<CatalogPackageService>();
        services.AddHostedService<CatalogPackageLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<PackageToolDiscovery>());
        return services;
    }
}
