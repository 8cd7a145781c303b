using ModelContextProtocol;
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

    /// <summary>
    /// A tool named and described by <paramref name="info"/>, annotated the one way connectors do: a read-only tool is
    /// idempotent and not destructive, a writing one the reverse.
    /// </summary>
    /// <param name="openWorld">Whether it reaches outside the server (the web, a remote service).</param>
    public static McpServerTool Create(Delegate method, ConnectorToolInfo info, bool readOnly, bool openWorld) =>
        Create(method, new McpServerToolCreateOptions
        {
            Name = info.Name,
            Description = info.Description,
            ReadOnly = readOnly,
            Destructive = !readOnly,
            Idempotent = readOnly,
            OpenWorld = openWorld,
        });

    /// <summary>Refuses a tool's numeric argument outside [<paramref name="min"/>, <paramref name="max"/>] with an error the model can act on.</summary>
    /// <exception cref="McpException"><paramref name="value"/> is out of range.</exception>
    public static void CheckRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new McpException($"{name} must be between {min} and {max}.");
        }
    }
}
