namespace McpBridge.Server.Accounts.Device;

/// <summary>What the approval page shows about a device login waiting for the user.</summary>
internal sealed record PendingDeviceLogin(string UserCode, string? ClientName, string? ClientAddress, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
