using System.Text.Json;
using McpBridge.Connectors;
using McpBridge.Protocol.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpBridge.Server.Catalog;

internal static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/catalog", (ConnectorCatalog catalog, PackageToolDiscovery discovery) =>
            {
                // Packages list their declared tools until a dry run learns the real ones; those run in the background.
                discovery.RequestMissing();
                return TypedResults.Ok(catalog.All.Select(ToInfo).ToArray());
            })
            .AllowAnonymous().WithSummary("The tool catalog: every connector with its config schema and tools").Produces<ConnectorInfo[]>();

    public static ConnectorInfo ToInfo(IConnector connector) => new(
        connector.Id, connector.Name, connector.Description, connector.Category, connector.Premium,
        JsonSerializer.SerializeToElement(connector.ConfigSchema),
        connector.Tools.Select(t => new McpBridge.Protocol.Api.ConnectorToolInfo(t.Name, t.Description)).ToArray());
}
