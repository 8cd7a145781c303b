namespace McpBridge.Cli.Commands.Account;

/// <summary>What <c>logout --json</c> prints.</summary>
/// <param name="Server">The server the removed key was for.</param>
/// <param name="RemovedKey">Whether a key was stored (and is now removed).</param>
/// <param name="ConfigFile">The config file.</param>
internal sealed record LogoutResult(string? Server, bool RemovedKey, string ConfigFile);
