using System.Text.Json;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class ToolsAddCommandTests : IAsyncLifetime
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "root": { "type": "string" },
            "maxBytes": { "type": "integer" },
            "readOnly": { "type": "boolean" },
            "token": { "type": ["string", "null"], "x-secret": true },
            "extensions": { "type": "array", "items": { "type": "string" } },
            "limits": { "type": "object", "properties": { "perMinute": { "type": "number" } } }
          }
        }
        """;

    private readonly CliHarness _cli = new();
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync();
        _cli.WriteConfig($$"""{ "server": "{{_api.Url}}", "apiKey": "mcpb_ak_account" }""");
        _api.Json("GET", "/api/v1/catalog", new[] { ApiSamples.Connector("filesystem", "Files", Schema) });
        _api.Json("POST", "/api/v1/servers/notes/tools", new ToolInfo("tool_1", "filesystem", "files", JsonDocument.Parse("{}").RootElement, ApiSamples.Created), status: 201);
    }

    [Fact]
    public async Task ToolsAdd_TypesSetValuesByTheConnectorSchema()
    {
        var run = await _cli.RunAsync(
            "tools", "add", "notes", "filesystem", "--name", "files",
            "--set", "root=/srv/notes",
            "--set", "maxBytes=1048576",
            "--set", "readOnly=yes",
            "--set", "token=0123",
            "--set", "extensions=md, txt",
            "--set", "limits.perMinute=2.5");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(_api.Single("POST", "/api/v1/servers/notes/tools").Body).RootElement;
        Assert.Equal("filesystem", body.GetProperty("connector").GetString());
        Assert.Equal("files", body.GetProperty("name").GetString());
        var config = body.GetProperty("config");
        Assert.Equal("/srv/notes", config.GetProperty("root").GetString());
        Assert.Equal(1048576, config.GetProperty("maxBytes").GetInt64());
        Assert.True(config.GetProperty("readOnly").GetBoolean());
        Assert.Equal("0123", config.GetProperty("token").GetString());
        Assert.Equal(["md", "txt"], config.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2.5, config.GetProperty("limits").GetProperty("perMinute").GetDouble());
    }

    [Fact]
    public async Task ToolsAdd_ReadsConfigFromAFile_AndSetOverridesIt()
    {
        var file = Path.Combine(_cli.ConfigDirectory, "fs.json");
        await File.WriteAllTextAsync(file, """{ "root": "/from/file", "maxBytes": 10 }""");

        var run = await _cli.RunAsync("tools", "add", "notes", "filesystem", "--config", "@" + file, "--set", "maxBytes=20");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var config = JsonDocument.Parse(_api.Single("POST", "/api/v1/servers/notes/tools").Body).RootElement.GetProperty("config");
        Assert.Equal("/from/file", config.GetProperty("root").GetString());
        Assert.Equal(20, config.GetProperty("maxBytes").GetInt32());
    }

    [Theory]
    [InlineData(new[] { "--set", "maxBytes=lots" }, "--set maxBytes: expects an integer, not 'lots'")]
    [InlineData(new[] { "--set", "readOnly=maybe" }, "--set readOnly: expects true or false, not 'maybe'")]
    [InlineData(new[] { "--set", "novalue" }, "--set 'novalue': expected key=value")]
    [InlineData(new[] { "--config", "[1,2]" }, "--config: the configuration must be a JSON object")]
    [InlineData(new[] { "--config", "{oops" }, "--config: not valid JSON")]
    [InlineData(new[] { "--config", "@/nonexistent/file.json" }, "--config: cannot read '/nonexistent/file.json'")]
    public async Task ToolsAdd_RejectsBadConfiguration_BeforeCallingTheServer(string[] extra, string expected)
    {
        var run = await _cli.RunAsync(["tools", "add", "notes", "filesystem", .. extra]);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.StartsWith("error: " + expected, run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(_api.Requests, r => r.Method == "POST");
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
    }
}
