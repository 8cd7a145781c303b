using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.ConformanceTools;

/// <summary>
/// A tool whose protocol description is given verbatim and whose body is a plain handler. Used where the
/// conformance suite checks the exact shape of the input schema, which a schema generated from a delegate
/// cannot express (JSON Schema 2020-12 keywords, or arguments the handler reads itself).
/// </summary>
internal sealed class RawTool(Tool tool, Func<RequestContext<CallToolRequestParams>, CancellationToken, ValueTask<CallToolResult>> handler) : McpServerTool
{
    private static readonly JsonElement s_emptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public override Tool ProtocolTool { get; } = tool;

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        handler(request, cancellationToken);

    public static RawTool Create(string name, string description, Func<RequestContext<CallToolRequestParams>, CancellationToken, ValueTask<CallToolResult>> handler, string? inputSchema = null) =>
        new(new Tool
        {
            Name = name,
            Description = description,
            InputSchema = inputSchema is null ? s_emptyObjectSchema : JsonDocument.Parse(inputSchema).RootElement.Clone(),
        }, handler);
}
