namespace McpBridge.Protocol.Api;

/// <summary>Starts a browser sign-in for a CLI or another program that cannot open a browser page itself.</summary>
/// <param name="ClientName">How the program describes itself on the approval page, e.g. "mcp-bridge CLI on laptop".</param>
public sealed record DeviceLoginRequest(string? ClientName = null);

/// <summary>What the program shows its user, and the code it polls with (RFC 8628's device authorization response).</summary>
/// <param name="DeviceCode">The secret the program polls <c>POST /api/v1/device/token</c> with; never shown to the user.</param>
/// <param name="UserCode">The code the user checks on the approval page, e.g. <c>BCDF-GHJK</c>.</param>
/// <param name="VerificationUri">The dashboard page where the user approves.</param>
/// <param name="VerificationUriComplete">The same page with the code filled in.</param>
/// <param name="ExpiresIn">Seconds until the request expires.</param>
/// <param name="Interval">Seconds to wait between polls.</param>
public sealed record DeviceLoginStarted(string DeviceCode, string UserCode, string VerificationUri, string VerificationUriComplete, int ExpiresIn, int Interval);

/// <summary>A poll for the outcome of a device login.</summary>
public sealed record DeviceTokenRequest(string DeviceCode);

/// <summary>The account key a device login produced (shown once).</summary>
public sealed record DeviceToken(string AccountId, string ApiKey, string KeyId);

/// <summary>A one-time link that ties the GitHub user who opens it to the calling account.</summary>
/// <param name="Url">Open it in a browser and sign in to GitHub.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record GitHubLinkResponse(string Url, DateTimeOffset ExpiresAt);
