using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Account;

/// <summary>
/// Warns that <c>$MCP_BRIDGE_API_KEY</c> wins over the config file: after login, signup or logout people expect
/// the stored key (or none) to be used, and an exported variable would silently keep sending another one.
/// </summary>
internal static class ApiKeyEnvironmentWarning
{
    public static void WriteIfSet(CliContext context, CommandOutput output)
    {
        if (!string.IsNullOrWhiteSpace(context.Environment.GetVariable(EnvironmentVariables.ApiKey)))
        {
            output.Warning($"${EnvironmentVariables.ApiKey} is set, so commands send that key, not the one in the config file");
        }
    }
}
