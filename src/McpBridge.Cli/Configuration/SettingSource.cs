namespace McpBridge.Cli.Configuration;

/// <summary>Where a setting's value came from, so messages can say which one to fix.</summary>
internal enum SettingSource
{
    Default,
    ConfigFile,
    Environment,
    CommandLine,
}
