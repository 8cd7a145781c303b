namespace McpBridge.Server.Data;

/// <summary>The database could not be reached or opened at start-up. The message never contains a password.</summary>
internal sealed class DatabaseUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
