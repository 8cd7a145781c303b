using System.Security.Claims;

namespace McpBridge.Server.Accounts;

/// <summary>The authenticated account behind a request: an API call with an account key, or a dashboard session.</summary>
internal sealed record Caller(string AccountId, string KeyPrefix)
{
    public const string AccountIdClaim = "mcpb:account";
    public const string KeyPrefixClaim = "mcpb:key_prefix";
    public const string ActorClaim = "mcpb:actor";
    public const string AdminRole = "admin";

    /// <summary>How the caller appears in audit logs: <c>key:{prefix}</c> for API keys, <c>web:{login}</c> for dashboard sessions.</summary>
    public string Actor { get; init; } = $"key:{KeyPrefix}";

    /// <summary>A dashboard session of <paramref name="accountId"/>, signed in as <paramref name="who"/> (a GitHub login or "local").</summary>
    public static Caller ForSession(string accountId, string who) => new(accountId, string.Empty) { Actor = $"web:{who}" };

    public static Caller From(ClaimsPrincipal user)
    {
        var caller = new Caller(
            user.FindFirstValue(AccountIdClaim) ?? throw new InvalidOperationException("The request is not authenticated."),
            user.FindFirstValue(KeyPrefixClaim) ?? string.Empty);
        return user.FindFirstValue(ActorClaim) is { Length: > 0 } actor ? caller with { Actor = actor } : caller;
    }
}
