namespace McpBridge.Cli.Configuration;

/// <summary>How a setting read from a flag, the environment or the config file is cleaned up before use.</summary>
internal static class SettingText
{
    /// <summary>The value without surrounding whitespace, or <see langword="null"/> when nothing is left (unset).</summary>
    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
