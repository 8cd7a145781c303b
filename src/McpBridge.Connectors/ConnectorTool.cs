using ModelContextProtocol.Server;

namespace McpBridge.Connectors;

/// <summary>Makes the tools of in-process connectors.</summary>
internal static class ConnectorTool
{
    /// <summary>
    /// <see cref="McpServerTool.Create(Delegate, McpServerToolCreateOptions?)"/>, wrapped so that the errors a tool
    /// expects (an <see cref="ModelContextProtocol.McpException"/>, arguments that do not bind) come back as an
    /// <c>isError</c> result with their message however the tool is hosted: the SDK's server pipeline does this,
    /// but a gateway that invokes tools directly would otherwise see them as failures of the whole source.
    /// </summary>
    public static McpServerTool Create(Delegate method, McpServerToolCreateOptions options) =>
        new ErrorResultTool(McpServerTool.Create(method, options));
}
