using Microsoft.AspNetCore.DataProtection;

namespace McpBridge.Server.Dashboard;

/// <summary>
/// Short-lived, signed and encrypted tokens that let an account made by <c>signup</c> link a GitHub identity: the CLI
/// asks for one with the account key, the user opens the link and signs in to GitHub, and the callback attaches that
/// GitHub user to the account. Stateless, so any node that shares the Data Protection keys accepts them.
/// </summary>
internal sealed class GitHubLinkTokens(IDataProtectionProvider provider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("McpBridge.GitHubLink.v1").ToTimeLimitedDataProtector();

    public string Issue(string accountId) => _protector.Protect(accountId, Lifetime);

    /// <summary>The account id in <paramref name="token"/>; null when it is forged, damaged or expired.</summary>
    public string? Read(string token)
    {
        try
        {
            return _protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
