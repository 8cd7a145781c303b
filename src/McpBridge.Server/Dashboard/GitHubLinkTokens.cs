using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace McpBridge.Server.Dashboard;

/// <summary>
/// Short-lived, signed and encrypted tokens that let an account made by <c>signup</c> link a GitHub identity: the CLI
/// asks for one with the account key, the user opens the link and signs in to GitHub, and the callback attaches that
/// GitHub user to the account. Stateless, so any node that shares the Data Protection keys accepts them. The expiry is
/// inside the protected payload and read against the injected clock (a time-limited protector would use the machine's
/// clock, out of step with every other expiry here and with tests).
/// </summary>
internal sealed class GitHubLinkTokens(IDataProtectionProvider provider, TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = provider.CreateProtector("McpBridge.GitHubLink.v2");

    /// <summary>A token for <paramref name="accountId"/> and when it stops working.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string accountId)
    {
        var expiresAt = timeProvider.GetUtcNow() + Lifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeMilliseconds()} {accountId}");
        return (_protector.Protect(payload), expiresAt);
    }

    /// <summary>The account id in <paramref name="token"/>; null when it is forged, damaged or expired.</summary>
    public string? Read(string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split(' ', 2);
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && timeProvider.GetUtcNow().ToUnixTimeMilliseconds() < expires
            ? parts[1]
            : null;
    }
}
