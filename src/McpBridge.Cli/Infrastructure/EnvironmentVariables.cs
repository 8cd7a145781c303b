namespace McpBridge.Cli.Infrastructure;

/// <summary>The environment variables <c>mcp-bridge</c> reads.</summary>
internal static class EnvironmentVariables
{
    /// <summary>The server URL, when neither <c>--server</c> nor the config file names one.</summary>
    public const string Server = "MCP_BRIDGE_SERVER";

    /// <summary>The account API key; <c>--api-key</c> wins over it, and it wins over the config file.</summary>
    public const string ApiKey = "MCP_BRIDGE_API_KEY";

    /// <summary>The folder of <c>config.json</c>; overrides the platform's config folder (tests use it).</summary>
    public const string ConfigDir = "MCP_BRIDGE_CONFIG_DIR";

    public const string XdgConfigHome = "XDG_CONFIG_HOME";

    public const string AppData = "APPDATA";

    public const string Home = "HOME";
}
