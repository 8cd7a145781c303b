using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Catalog;

/// <summary>Every entry of the catalog, as the API lists it, is complete enough for a form and for a model.</summary>
public sealed class CatalogListingTests
{
    /// <summary>Connectors that proxy another MCP server: their tools are that server's, known only once configured.</summary>
    private static readonly string[] s_proxies = ["remote", "tunnel"];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EveryEntry_HasADescription_ACategory_AValidSchema_AndAtLeastOneTool(DatabaseProvider provider)
    {
        await using var bridge = await TestBridge.StartAsync(provider);
        var admin = await bridge.SignupAsync("admin");
        using (var added = await admin.Client.PostAsJsonAsync("/api/v1/admin/catalog", FakePackage.Request(), TestBridge.Json))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var catalog = (await bridge.Http.GetFromJsonAsync<ConnectorInfo[]>("/api/v1/catalog", TestBridge.Json))!;

        Assert.Contains(catalog, c => c.Id == "fake");
        Assert.Contains(catalog, c => c.Id == "mcp-filesystem");
        Assert.All(catalog, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Description), $"{entry.Id}: no description");
            Assert.False(string.IsNullOrWhiteSpace(entry.Category), $"{entry.Id}: no category");
            AssertValidSchema(entry);
            if (s_proxies.Contains(entry.Id))
            {
                Assert.Empty(entry.Tools);
            }
            else
            {
                Assert.True(entry.Tools.Count > 0, $"{entry.Id}: no tools");
                Assert.All(entry.Tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), $"{entry.Id}.{t.Name}: no description"));
            }
        });
    }

    private static void AssertValidSchema(ConnectorInfo entry)
    {
        var schema = JsonNode.Parse(entry.ConfigSchema.GetRawText())!.AsObject();
        Assert.Equal("object", schema["type"]?.GetValue<string>());
        var properties = Assert.IsType<JsonObject>(schema["properties"], exactMatch: false);
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];
        Assert.All(required, r => Assert.True(properties.ContainsKey(r), $"{entry.Id}: required '{r}' is not a property"));
        foreach (var (name, property) in properties)
        {
            Assert.False(property?["type"] is null, $"{entry.Id}.{name}: no type");
            Assert.False(string.IsNullOrWhiteSpace(property?["description"]?.GetValue<string>()), $"{entry.Id}.{name}: no description");
        }

        // The schema accepts its own example: nothing when nothing is required, else a value for each required field
        // (the field's default or documented example, else one made from its type).
        var example = new JsonObject();
        foreach (var name in required)
        {
            example[name] = Example(properties[name]!.AsObject());
        }

        var result = ConfigValidation.Validate(schema, example);
        Assert.True(result.IsValid, $"{entry.Id}: its example {example.ToJsonString()} is refused: {JsonSerializer.Serialize(result.Errors)}");
    }

    private static JsonNode? Example(JsonObject property) =>
        property["default"]?.DeepClone()
        ?? property["examples"]?.AsArray()[0]?.DeepClone()
        ?? property["enum"]?.AsArray()[0]?.DeepClone()
        ?? (property["type"]?.GetValue<string>() switch
        {
            "integer" or "number" => property["minimum"]?.DeepClone() ?? 1,
            "boolean" => true,
            "object" => new JsonObject(),
            _ => property["format"]?.GetValue<string>() == "uri" ? "https://example.com" : "example-value",
        });
}
