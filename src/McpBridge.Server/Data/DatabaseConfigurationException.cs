namespace McpBridge.Server.Data;

/// <summary>The configured connection string is not one the cloud understands. The message never contains a password.</summary>
internal sealed class DatabaseConfigurationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
