using System.Security.Claims;
using McpBridge.Server.Accounts;
using McpBridge.Server.Accounts.SignIn;

namespace McpBridge.Server.Dashboard;

/// <summary>The session principal of a dashboard user: the account id and how they signed in, nothing secret.</summary>
internal static class DashboardPrincipal
{
    public static ClaimsPrincipal Create(SignedInAccount account) =>
        new(new ClaimsIdentity(
            [
                new Claim(Caller.AccountIdClaim, account.AccountId),
                new Claim(Caller.ActorClaim, $"web:{account.Who}"),
                new Claim(ClaimTypes.Name, account.DisplayName ?? account.Who),
            ],
            DashboardSchemes.Cookie));
}
