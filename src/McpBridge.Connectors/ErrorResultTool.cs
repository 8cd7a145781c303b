using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors;

/// <summary>A tool whose expected errors are results the model can act on, not exceptions. See <see cref="ConnectorTool"/>.</summary>
internal sealed class ErrorResultTool : McpServerTool
{
    private readonly McpServerTool _inner;

    public ErrorResultTool(McpServerTool inner) => _inner = inner;

    public override Tool ProtocolTool => _inner.ProtocolTool;

    public override IReadOnlyList<object> Metadata => _inner.Metadata;

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.InvokeAsync(request, cancellationToken);
        }
        catch (McpException ex) when (ex is not McpProtocolException)
        {
            return Error(ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            // Raised while binding arguments: a missing required one, or a value of the wrong type.
            return Error($"Invalid arguments for '{ProtocolTool.Name}': {ex.Message}");
        }
    }

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    public override string ToString() => _inner.ToString();
}
