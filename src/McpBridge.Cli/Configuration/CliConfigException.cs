namespace McpBridge.Cli.Configuration;

/// <summary>The config file exists but cannot be read or written.</summary>
internal sealed class CliConfigException(string message, Exception? innerException = null) : Exception(message, innerException);
