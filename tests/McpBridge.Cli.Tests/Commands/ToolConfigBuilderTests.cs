using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Cli.Commands.Tools;

namespace McpBridge.Cli.Tests.Commands;

public sealed class ToolConfigBuilderTests
{
    [Theory]
    [InlineData("count=5", """{"count":5}""")]
    [InlineData("flag=true", """{"flag":true}""")]
    [InlineData("name=hello world", """{"name":"hello world"}""")]
    [InlineData("list=[1,2]", """{"list":[1,2]}""")]
    [InlineData("a.b.c=x", """{"a":{"b":{"c":"x"}}}""")]
    [InlineData("empty=", """{"empty":""}""")]
    [InlineData("url=http://x/?a=b", """{"url":"http://x/?a=b"}""")]
    public void ApplySet_WithoutSchema_TakesJsonLiteralsAsJsonAndTheRestAsText(string assignment, string expected)
    {
        var config = new JsonObject();

        Assert.Null(ToolConfigBuilder.ApplySet(config, assignment, schema: null));

        Assert.Equal(expected, config.ToJsonString());
    }

    [Fact]
    public void ApplySet_KeepsSiblings_WhenSettingNestedValues()
    {
        var config = (JsonObject)JsonNode.Parse("""{"a":{"keep":1}}""")!;

        Assert.Null(ToolConfigBuilder.ApplySet(config, "a.add=2", schema: null));

        Assert.Equal("""{"a":{"keep":1,"add":2}}""", config.ToJsonString());
    }

    [Fact]
    public void ApplySet_ValidatesArrayItemsByTheirSchema()
    {
        var schema = JsonDocument.Parse("""{"properties":{"ports":{"type":"array","items":{"type":"integer"}}}}""").RootElement;
        var config = new JsonObject();

        Assert.Null(ToolConfigBuilder.ApplySet(config, "ports=80,443", schema));
        Assert.Equal("--set ports: expects an integer, not 'http'", ToolConfigBuilder.ApplySet(new JsonObject(), "ports=80,http", schema));
        Assert.Equal("""{"ports":[80,443]}""", config.ToJsonString());
    }

    [Theory]
    [InlineData("@")]
    [InlineData("@ ")]
    public async Task ReadConfigAsync_ReportsAMissingFileName_AsAUsageError(string option)
    {
        var result = await ToolConfigBuilder.ReadConfigAsync(option, CancellationToken.None);

        Assert.Null(result.Config);
        Assert.Equal("--config @: expected a file name after '@', like --config @tool.json", result.Error);
    }

    [Fact]
    public void ApplySet_RejectsAnEmptyKeySegment()
    {
        Assert.Equal("--set 'a..b=1': the key has an empty part", ToolConfigBuilder.ApplySet(new JsonObject(), "a..b=1", schema: null));
    }
}
