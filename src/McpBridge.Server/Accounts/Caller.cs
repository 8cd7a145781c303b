using System.Security.Claims;

namespace McpBridge.Server.Accounts;

/// <summary>The authenticated account behind an API request.</summary>
internal sealed record Caller(string AccountId, string KeyPrefix)
{
    public const string AccountIdClaim = "mcpb:account";
    public const string KeyPrefixClaim = "mcpb:key_prefix";
    public const string AdminRole = "admin";

    /// <summary>How the caller appears in audit logs.</summary>
    public string Actor => $"key:{KeyPrefix}";

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(AccountIdClaim) ?? throw new InvalidOperationException("The request is not authenticated."),
        user.FindFirstValue(KeyPrefixClaim) ?? string.Empty);
}
