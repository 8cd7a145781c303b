using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.ConformanceTools;

public static partial class ConformanceToolset
{
    /// <summary>The URI clients subscribe to in the subscribe/unsubscribe scenarios.</summary>
    public const string WatchedResourceUri = "test://watched-resource";

    private static McpServerResource[] CreateResources() =>
    [
        McpServerResource.Create(
            () => new TextResourceContents { Uri = "test://static-text", MimeType = "text/plain", Text = "This is the content of the static text resource." },
            new() { UriTemplate = "test://static-text", Name = "Static Text Resource", Description = "A static text resource for testing", MimeType = "text/plain" }),
        McpServerResource.Create(
            () => BlobResourceContents.FromBytes(TestMedia.Png, "test://static-binary", "image/png"),
            new() { UriTemplate = "test://static-binary", Name = "Static Binary Resource", Description = "A static binary resource (image) for testing", MimeType = "image/png" }),
        McpServerResource.Create(
            () => new TextResourceContents { Uri = WatchedResourceUri, MimeType = "text/plain", Text = "Watched resource content" },
            new() { UriTemplate = WatchedResourceUri, Name = "Watched Resource", Description = "A resource for subscription testing", MimeType = "text/plain" }),
        McpServerResource.Create(
            (string id) => new TextResourceContents
            {
                Uri = $"test://template/{id}/data",
                MimeType = "application/json",
                Text = $$"""{"id":"{{id}}","templateTest":true,"data":"Data for ID: {{id}}"}""",
            },
            new() { UriTemplate = "test://template/{id}/data", Name = "Resource Template", Description = "A resource template with parameter substitution", MimeType = "application/json" }),
    ];
}
