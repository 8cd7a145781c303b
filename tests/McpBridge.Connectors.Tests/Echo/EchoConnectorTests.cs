using System.Text.Json.Nodes;
using McpBridge.Connectors.Echo;
using McpBridge.Connectors.Tests.Harness;

namespace McpBridge.Connectors.Tests.Echo;

public sealed class EchoConnectorTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Echo_ReturnsMessageWithPrefix()
    {
        var source = await new EchoConnector().CreateSourceAsync(ConnectorContexts.For(_data.Path), TestTimeouts.Token());
        await using var harness = await McpTestHarness.StartAsync(source);

        var text = await harness.CallTextAsync("echo", new { message = "hello there" });

        Assert.Equal("Echo: hello there", text);
    }

    [Fact]
    public async Task Echo_ReportsMissingMessage()
    {
        var source = await new EchoConnector().CreateSourceAsync(ConnectorContexts.For(_data.Path), TestTimeouts.Token());
        await using var harness = await McpTestHarness.StartAsync(source);

        var result = await harness.CallAsync("echo");

        Assert.True(result.IsError);
        Assert.StartsWith("Invalid arguments for 'echo': ", McpTestHarness.Text(result), StringComparison.Ordinal);
        Assert.Contains("'message'", McpTestHarness.Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_AcceptsEmptyConfig_AndRejectsAnySetting()
    {
        var connector = new EchoConnector();

        var empty = ConfigValidation.Validate(connector.ConfigSchema, null);
        var extra = ConfigValidation.Validate(connector.ConfigSchema, new JsonObject { ["x"] = 1 });

        Assert.True(empty.IsValid);
        Assert.Equal(["is not a known setting (this connector has no settings)"], extra.Errors["x"]);
        await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(ConnectorContexts.For(_data.Path, new JsonObject { ["x"] = 1 }), TestTimeouts.Token()).AsTask());
    }
}
