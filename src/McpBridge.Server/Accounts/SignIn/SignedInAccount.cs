namespace McpBridge.Server.Accounts.SignIn;

/// <summary>The account a browser session belongs to, and the name it signed in with (a GitHub login, or "local").</summary>
internal sealed record SignedInAccount(string AccountId, string Who, string? DisplayName, bool Created);
