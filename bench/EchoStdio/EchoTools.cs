using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpBridge.Bench.EchoStdio;

[McpServerToolType]
internal sealed class EchoTools
{
    [McpServerTool(Name = "echo", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("Return the given message prefixed with 'Echo: '.")]
    public static string Echo([Description("The message to send back.")] string message) => $"Echo: {message}";
}
